"""`centralino db copy` between a real SQLite file and the run's real PostgreSQL, both ways
(backends/postgres/copy.py): every table's rows arrive, the services answer the same on both
sides, the copy can be written to (the id sequences continue), a non-empty target is refused
and left as it was unless --replace, and the tokens travel with the data."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner, Result

from backends.appointments.api import APPOINTMENTS
from backends.appointments.inputs import Cancel, Reschedule
from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignDraft, DncChange
from backends.campaigns.models import DialMode, Purpose
from backends.customers.inputs import CustomerDraft
from backends.messages.api import MESSAGES
from backends.messages.inputs import MessageDraft
from backends.messages.models import Urgency
from backends.postgres import PostgresBackend
from backends.postgres.copy import TABLES
from backends.protocol import Backend
from backends.scripts.api import SCRIPTS
from backends.scripts.inputs import ScriptAnswersDraft, ScriptLinkDraft
from backends.scripts.models import GivenAnswer
from backends.server.pg_state import PgTokenStore
from backends.server.provision import issue_token
from backends.sqlite import SqliteBackend
from backends.surveys.api import SURVEYS
from backends.surveys.models import Question, SurveyConfig, SurveyScope
from console.cli import cli
from tests import pg_server
from tests.conformance.helpers import call, operator
from tests.conformance.test_appointments import slot
from tests.conformance.test_campaigns import ALL_DAY, OUTCOMES, contact_draft

NOW = "2026-03-02T15:00:00+00:00"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    server = pg_server.session_server(request)
    url = await asyncio.to_thread(pg_server.create_database, server)
    try:
        yield url
    finally:
        await asyncio.to_thread(pg_server.drop_database, server, url)


async def snapshot(backend: Backend) -> dict[str, object]:
    """What the services answer about a store, comparable across stores."""
    customers = await backend.customers.search_customers("rossi", limit=50)
    first = customers[0]
    calls = await backend.calls.list_calls(limit=500)
    tickets = await backend.tickets.list_tickets(limit=500)
    events = await backend.feed.read_events(0, 100_000)
    entries = await backend.tickets.list_ticket_entries(tickets[0].id)
    return {
        "customers": [c.model_dump() for c in customers],
        "by_phone": [c.id for c in await backend.customers.find_customers_by_phone(
            first.phones[0])] if first.phones else [],
        "calls": [c.model_dump() for c in calls],
        "tickets": [t.model_dump() for t in tickets],
        "entries": [e.model_dump() for e in entries],
        "operators": [o.model_dump() for o in await backend.people.list_operators()],
        "directory": [d.model_dump() for d in await backend.people.list_directory("")],
        "dispositions": [d.model_dump() for d in await backend.people.list_dispositions()],
        "events": [(e.id, e.kind, e.subject, e.data) for e in events],
        "typo": [c.id for c in await backend.customers.search_customers("rosssi")],
    }


async def test_a_store_goes_to_postgresql_and_back_whole(database: str, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    seeded = await asyncio.to_thread(run, "--backend", str(source), "db", "seed",
                                     "--customers", "300", "--now", NOW)
    assert seeded.exit_code == 0, seeded.stderr
    token = await asyncio.to_thread(issue_token, source, "pbx", 30)
    copied = await asyncio.to_thread(run, "db", "copy", str(source), database)
    assert copied.exit_code == 0, copied.stderr
    assert "check: counts and id sums match" in copied.stdout
    with psycopg.connect(database) as conn:  # the planner knows the copied tables at once
        analyzed = conn.execute("SELECT DISTINCT tablename FROM pg_stats WHERE tablename "
                                "IN ('customers', 'customer_terms', 'tickets')").fetchall()
    assert sorted(r[0] for r in analyzed) == ["customer_terms", "customers", "tickets"]
    async with SqliteBackend(source) as lite, PostgresBackend(database) as pg:
        before = await snapshot(lite)
        assert await snapshot(pg) == before
        made = await pg.customers.create_customer(CustomerDraft(name="After The Move"))
        assert made.id > max(c["id"] for c in before["customers"])
    tokens = PgTokenStore(database)
    try:
        assert (record := tokens.lookup(token)) is not None and record.operator == "pbx"
    finally:
        tokens.close()
    back = tmp_path / "back.db"
    returned = await asyncio.to_thread(run, "db", "copy", database, f"sqlite:///{back}")
    assert returned.exit_code == 0, returned.stderr
    async with SqliteBackend(back) as again, PostgresBackend(database) as pg:
        assert await snapshot(again) == await snapshot(pg)


async def test_a_target_with_data_is_refused_and_left_untouched(database: str,
                                                                 tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    async with SqliteBackend(source) as lite:
        await lite.customers.create_customer(CustomerDraft(name="From SQLite"))
    async with PostgresBackend(database) as pg:
        await pg.customers.create_customer(CustomerDraft(name="Already Here"))
    refused = await asyncio.to_thread(run, "db", "copy", str(source), database)
    assert refused.exit_code != 0
    assert "already holds data" in refused.stderr and "Traceback" not in refused.stderr
    with psycopg.connect(database) as conn:
        assert conn.execute("SELECT name FROM customers").fetchall() == [("Already Here",)]
    replaced = await asyncio.to_thread(run, "db", "copy", "--replace", str(source), database)
    assert replaced.exit_code == 0, replaced.stderr
    with psycopg.connect(database) as conn:
        assert conn.execute("SELECT name FROM customers").fetchall() == [("From SQLite",)]


async def test_copy_refuses_other_kinds_of_store(tmp_path: Path) -> None:
    result = await asyncio.to_thread(run, "db", "copy", str(tmp_path / "a.db"),
                                     "https://example.invalid")
    assert result.exit_code != 0 and "SQLite and PostgreSQL" in result.stderr


async def newer_domains(backend: Backend) -> dict[str, Any]:
    """What the newer domains answer (messages, do-not-call, campaigns and their contacts and
    live calls, script answers and links, appointments cancelled too, survey configurations),
    across stores."""
    messages = backend.domain(MESSAGES)
    service = backend.domain(CAMPAIGNS)
    campaigns = await service.list_campaigns()
    return {
        "inbox": [m.model_dump() for m in await messages.inbox("bruno", include_done=True)],
        "dnc": [h.model_dump() for h in await service.check_dnc("06 1234 5678", region="IT")],
        "campaigns": [c.model_dump() for c in campaigns],
        "progress": [(await service.progress(c.id)).model_dump() for c in campaigns],
        "scripts": [a.model_dump() for a in await backend.domain(SCRIPTS).list_answers()],
        "appointments": [a.model_dump() for a in await backend.domain(
            APPOINTMENTS).list_appointments(include_cancelled=True)],
        "links": [k.model_dump() for k in await backend.domain(SCRIPTS).list_links()],
        "surveys": [c.model_dump() for c in
                    await backend.domain(SURVEYS).list_survey_configs()],
        "calls": [c.model_dump() for c in await backend.calls.list_calls(limit=50)],
    }


async def fill_newer_domains(lite: Backend) -> None:
    """One of everything the newer domains store (so each of their tables holds a row)."""
    await operator(lite, "bruno")
    await lite.domain(MESSAGES).take_message(MessageDraft(
        for_name="bruno", taken_by="rita", caller_name="Ana Pop", number="+40721234567",
        urgency=Urgency.URGENT))
    campaigns = lite.domain(CAMPAIGNS)
    await campaigns.add_dnc(DncChange(numbers=["06 1234 5678"], reason="asked by letter"))
    spring = await campaigns.create_campaign(CampaignDraft(
        name="spring", purpose=Purpose.TELESELLING, dial_mode=DialMode.PROGRESSIVE,
        outcomes=OUTCOMES, queue="outbound", team="sales", **ALL_DAY))
    await campaigns.add_contacts(spring.id, [contact_draft(phone="+390612345673")])
    await campaigns.record_live_call(spring.id, abandoned=True)
    answered = await call(lite)
    await lite.domain(SCRIPTS).record_answers(ScriptAnswersDraft(
        call_id=answered.id, operator="bruno", script="satisfaction", completed=False,
        answers=[GivenAnswer(step="greeting", value="sì")], left_at="rating"))
    await lite.domain(SCRIPTS).link_script(ScriptLinkDraft(campaign_id=spring.id,
                                                           script_id="satisfaction", by="bruno"))
    booked = lite.domain(APPOINTMENTS)
    await booked.book_appointment(slot(3, 10, booked_by="bruno"))
    moved = await booked.book_appointment(slot(4, 10, booked_by="bruno"))
    await booked.reschedule_appointment(moved.id, Reschedule(by="bruno",
                                                             starts_at=slot(4, 11).starts_at))
    await booked.cancel_appointment(moved.id, Cancel(by="bruno", reason="no longer needed"))
    await lite.domain(SURVEYS).configure_survey(SurveyConfig(
        scope=SurveyScope.QUEUE, name="sales", questions=[Question.NPS]))
    await call(lite, offered_to="bruno")  # rings for bruno alone (state offered)


async def test_the_newer_domains_travel_with_the_store(database: str, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    async with SqliteBackend(source) as lite:
        await fill_newer_domains(lite)
        before = await newer_domains(lite)
    assert all(before.values())  # each holds something to compare
    assert "offered" in [c["state"] for c in before["calls"]]
    assert before["progress"][0]["abandoned_24h"] == 1
    copied = await asyncio.to_thread(run, "db", "copy", str(source), database)
    assert copied.exit_code == 0, copied.stderr
    async with PostgresBackend(database) as pg:
        assert await newer_domains(pg) == before
    back = tmp_path / "back.db"  # and back to SQLite, as they were
    returned = await asyncio.to_thread(run, "db", "copy", database, f"sqlite:///{back}")
    assert returned.exit_code == 0, returned.stderr
    async with SqliteBackend(back) as again:
        assert await newer_domains(again) == before


# a store's own bookkeeping, rebuilt or kept per store: not copied
NOT_COPIED = {"_sqlite_migrations", "sqlite_sequence", "generations", "applied_requests"}


async def test_every_table_of_a_store_is_copied(tmp_path: Path) -> None:
    """A domain's new table is in the copy's list (else `db copy` would drop it silently)."""
    async with SqliteBackend(tmp_path / "all.db"):
        pass
    with sqlite3.connect(tmp_path / "all.db") as conn:
        stored = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%\\_fts%' "
            "ESCAPE '\\'")}
    assert sorted(stored - NOT_COPIED - set(TABLES)) == []
