"""`centralino feedback list` on a real SQLite file: filtered by kind, searched by words of
topic, text and product, in table, CSV (formula cells neutralised) and JSON; a bad day is a
clear error."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest

from backends.sqlite import SqliteBackend
from backends.surveys.api import SURVEYS
from backends.surveys.inputs import FeedbackDraft
from backends.surveys.models import FeedbackKind
from tests.cli.conftest import Invoke

ITEMS = [(FeedbackKind.COMPLAINT, "billing", "charged twice in March", "mobile", 3),
         (FeedbackKind.SUGGESTION, "billing", "=HYPERLINK(\"http://x.example/\")", "", None),
         (FeedbackKind.COMPLAINT, "line quality", "crackles every evening", "fibre", 3)]


async def _seed(path: Path) -> None:
    async with SqliteBackend(path) as store:
        for kind, topic, text, product, customer in ITEMS:
            await store.domain(SURVEYS).add_feedback(FeedbackDraft(
                kind=kind, topic=topic, text=text, product=product, customer_id=customer,
                operator="anna", queue="support"))


@pytest.fixture
def seeded(tmp_path: Path, db_url: str) -> None:
    asyncio.run(_seed(tmp_path / "store.db"))


def test_listed_filtered_and_searched(seeded: None, invoke: Invoke) -> None:
    result = invoke("feedback", "list", "--kind", "complaint", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [f["text"] for f in json.loads(result.stdout)] == [
        "crackles every evening", "charged twice in March"]
    found = json.loads(invoke("feedback", "list", "--search", "fib", "--format",
                              "json").stdout)
    assert [(f["topic"], f["product"], f["operator"]) for f in found] == [
        ("line quality", "fibre", "anna")]
    table = invoke("feedback", "list", "--search", "billing march").stdout
    assert "charged twice in March" in table and "crackles" not in table
    assert invoke("feedback", "list", "--customer", "3", "--from", "2020-01-01",
                  "--format", "json").stdout.count('"id"') == 2


def test_csv_neutralises_formulas(seeded: None, invoke: Invoke) -> None:
    text = invoke("feedback", "list", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][-1] == "text" and len(rows) == 4
    assert "'=HYPERLINK(\"http://x.example/\")" in [row[-1] for row in rows]


def test_a_bad_day_is_a_clear_error(seeded: None, invoke: Invoke) -> None:
    result = invoke("feedback", "list", "--from", "last week")
    assert result.exit_code == 1
    assert "'last week' is not a date" in result.stderr and "Traceback" not in result.stderr
