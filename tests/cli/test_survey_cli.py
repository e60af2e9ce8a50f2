"""`centralino survey config|configs|campaign` on a real SQLite file: a queue's survey set to
some questions or off, a bad question named; a survey campaign made of the customers called in
a period, its contacts carrying the original call, operator and queue."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.people.models import Operator
from backends.sqlite import SqliteBackend
from backends.surveys.api import SURVEYS
from tests.cli.conftest import Invoke

TODAY = datetime.now(UTC).date()


async def _called(path: Path) -> None:
    async with SqliteBackend(path) as store:
        await store.people.upsert_operator(Operator(name="anna", display_name="Anna"))
        for n, name in enumerate(("Ada Lovelace", "Bob Smith")):
            customer = await store.customers.create_customer(CustomerDraft(
                name=name, phones=[f"+39 06 1234 567{n}"]))
            call = await store.calls.create_call(CallDraft(
                caller=f"+39061234567{n}", customer_id=customer.id, queue="support"))
            await store.calls.answer_call(call.id, "anna")
            await store.calls.end_call(call.id, "anna")
            code = (await store.people.list_dispositions())[0].code
            await store.calls.finish_call(call.id, "anna", code)


async def _questions(path: Path, queue: str) -> list[str]:
    async with SqliteBackend(path) as store:
        found = await store.domain(SURVEYS).survey_config(queue)
        return [q.value for q in found.questions] + ([] if found.enabled else ["off"])


def test_survey_config_and_list(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("survey", "config", "--queue", "sales", "--questions", "nps,csat")
    assert result.exit_code == 0, result.stderr
    assert "survey of queue sales: on, asks csat, nps" in result.stdout
    assert invoke("survey", "config", "--queue", "billing", "--off",
                  "--questions", "").exit_code == 0
    listed = invoke("survey", "configs").stdout
    assert "queue billing: off" in listed and "queue sales: on" in listed
    assert asyncio.run(_questions(tmp_path / "store.db", "sales")) == ["csat", "nps"]
    assert asyncio.run(_questions(tmp_path / "store.db", "billing")) == ["off"]
    bad = invoke("survey", "config", "--queue", "sales", "--questions", "csat,mood")
    assert bad.exit_code == 1 and "'mood' is not a question" in bad.stderr
    empty = invoke("survey", "config", "--queue", "sales", "--questions", ",")
    assert empty.exit_code == 1 and "at least one question" in empty.stderr
    neither = invoke("survey", "config", "--on")
    assert neither.exit_code == 1 and "--queue or --campaign" in neither.stderr


def test_survey_campaign_of_the_customers_called(tmp_path: Path, invoke: Invoke) -> None:
    asyncio.run(_called(tmp_path / "store.db"))
    days = ["--from", str(TODAY - timedelta(days=1)), "--to", str(TODAY + timedelta(days=1))]
    result = invoke("survey", "campaign", "After calls", *days)
    assert result.exit_code == 0, result.stderr
    assert "After calls, 2 customer(s) to call" in result.stdout
    shown = invoke("campaign", "list").stdout
    assert "After calls" in shown and "survey" in shown
    again = invoke("survey", "campaign", "After calls", *days)  # the name is taken
    assert again.exit_code == 1 and "Traceback" not in again.stderr
