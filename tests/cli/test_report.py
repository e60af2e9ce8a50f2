"""`centralino report feedback` and `report callbacks` on a real SQLite file: the figures of the
hand-computed fixture (tests/conformance/test_surveys.py) in table, CSV and JSON, filters,
formula cells neutralised, clear errors for bad dates."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backends import i18n
from backends.callbacks.api import CALLBACKS
from backends.callbacks.inputs import CallbackCompletion, CallbackDraft
from backends.people.models import Operator
from backends.sqlite import SqliteBackend
from backends.surveys.api import SURVEYS
from backends.surveys.inputs import SurveyAnswerDraft
from tests.cli.conftest import Invoke
from tests.conformance.test_surveys import ANSWERS

TODAY = datetime.now(UTC).date()
RANGE = ["--from", str(TODAY - timedelta(days=1)), "--to", str(TODAY + timedelta(days=1))]


async def _seed(path: Path) -> None:
    async with SqliteBackend(path) as store:
        for name, queue, csat, nps, solved, comment in ANSWERS:
            await store.domain(SURVEYS).record_answer(SurveyAnswerDraft(
                operator=name, queue=queue, csat=csat, nps=nps, solved=solved,
                comment=comment, campaign="winter" if queue == "sales" else None))
        await store.domain(SURVEYS).record_answer(SurveyAnswerDraft(
            operator="anna", queue="other", comment='=HYPERLINK("http://x.example/","x")'))
        for name in ("anna", "bruno"):
            await store.people.upsert_operator(Operator(name=name, display_name=name))
        callbacks = store.domain(CALLBACKS)
        now = datetime.now(UTC)
        kept = await callbacks.book_callback(CallbackDraft(
            number="+390612345678", owner="anna", due_at=now - timedelta(minutes=5)))
        await callbacks.make_callback(kept.id, "anna")
        await callbacks.complete_callback(kept.id, CallbackCompletion(operator="anna",
                                                                      outcome="RESOLVED"))
        await callbacks.book_callback(CallbackDraft(  # its window closed unmade
            number="+390612345678", owner="bruno", due_at=now - timedelta(hours=3),
            queue="billing"))


@pytest.fixture
def seeded(tmp_path: Path, db_url: str) -> None:
    asyncio.run(_seed(tmp_path / "store.db"))


def _metrics(text: str) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return {row[0]: row[1:] for row in rows[1:rows.index([])]}


def test_feedback_csv_has_the_hand_computed_figures(seeded: None, invoke: Invoke) -> None:
    result = invoke("report", "feedback", *RANGE, "--queue", "sales", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    metrics = _metrics(result.stdout)
    assert metrics["responses"] == ["3", ""]
    assert metrics["csat_percent"] == ["66.7", "3"]
    assert metrics["nps"] == ["66.7", "3"]
    assert metrics["fcr_survey_percent"] == ["66.7", "3"]
    everyone = _metrics(invoke("report", "feedback", *RANGE, "--format", "csv").stdout)
    assert everyone["csat_percent"] == ["60.0", "5"]
    assert everyone["nps"] == ["0.0", "6"]
    assert everyone["fcr_survey_percent"] == ["60.0", "5"]


def test_feedback_json_and_table(seeded: None, invoke: Invoke) -> None:
    result = invoke("report", "feedback", *RANGE, "--operator", "bruno", "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["responses"], found["csat"], found["promoters"], found["detractors"]) == (
        3, 0.5, 0, 2)
    assert found["nps"] == pytest.approx(-200 / 3)
    table = invoke("report", "feedback", *RANGE, "--campaign", "winter").stdout
    assert "CSAT (%)" in table and "66.7" in table and "great" in table
    assert "csat_percent" not in table  # the keys are for CSV and JSON


def test_formula_comments_are_neutralised_in_csv(seeded: None, invoke: Invoke) -> None:
    text = invoke("report", "feedback", *RANGE, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    comments = [row[-1] for row in rows[rows.index([]) + 2:]]
    assert "'=HYPERLINK(\"http://x.example/\",\"x\")" in comments
    assert not any(c.startswith("=") for c in comments)


def test_callback_compliance_per_operator(seeded: None, invoke: Invoke) -> None:
    result = invoke("report", "callbacks", *RANGE, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows == [["operator", "due", "made_in_window", "percent"],
                    ["anna", "1", "1", "100.0"], ["bruno", "1", "0", "0.0"],
                    ["all", "2", "1", "50.0"]]
    found = json.loads(invoke("report", "callbacks", *RANGE, "--format", "json").stdout)
    assert found["share"] == 0.5
    teams = invoke("report", "callbacks", *RANGE, "--by", "queue", "--format", "csv").stdout
    assert list(csv.reader(io.StringIO(teams, newline=""))) == [
        ["queue", "due", "made_in_window", "percent"], ["billing", "1", "0", "0.0"],
        ["general", "1", "1", "100.0"], ["all", "2", "1", "50.0"]]


@pytest.mark.parametrize(("args", "says"), [
    (["--from", "yesterday", "--to", "2026-12-31"], "'yesterday' is not a date"),
    (["--from", "2026-12-31", "--to", "2026-12-01"], "after its start"),
])
def test_bad_dates_are_clear_errors(seeded: None, invoke: Invoke, args: list[str],
                                    says: str) -> None:
    result = invoke("report", "feedback", *args)
    assert result.exit_code == 1
    assert says in result.stderr and "Traceback" not in result.stderr


def test_the_table_speaks_the_operator_s_language(seeded: None, invoke: Invoke,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16: the table is for people (labels and decimals in their language); CSV keeps
    the keys and a decimal point for programs."""
    monkeypatch.setenv("CENTRALINO_LANGUAGE", "hu")
    try:
        table = invoke("report", "feedback", *RANGE, "--campaign", "winter").stdout
        csv_text = invoke("report", "feedback", *RANGE, "--campaign", "winter",
                          "--format", "csv").stdout
    finally:
        i18n.activate("en", None)
    assert "66,7" in table and "66.7" not in table
    assert "responses" not in table and "csat_percent" not in table
    assert "csat_percent" in csv_text and "66.7" in csv_text
