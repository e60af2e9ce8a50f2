"""`centralino script …` on a real SQLite file: check refuses a bad file with file, step and
reason (exit 1) and passes the shipped ones; answers stored with calls are exported as CSV
(one line per answer, formula cells neutralised) and JSON (README, "Call scripts")."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

from backends.scripts.api import SCRIPTS
from backends.scripts.inputs import ScriptAnswersDraft
from backends.scripts.models import GivenAnswer
from backends.sqlite import SqliteBackend
from tests.cli.conftest import ROOT, Invoke, assert_clean_failure


def test_check_passes_the_shipped_scripts_and_refuses_a_bad_one(invoke: Invoke,
                                                                 tmp_path: Path) -> None:
    shipped = sorted(str(p) for p in (ROOT / "data" / "scripts").glob("*.toml"))
    ok = invoke("script", "check", *shipped)
    assert ok.exit_code == 0 and "ok, 8 steps, for campaign Satisfaction survey" in ok.stdout
    bad = tmp_path / "bad.toml"
    good = (ROOT / "data" / "scripts" / "teleselling-offer.toml").read_text(encoding="utf-8")
    bad.write_text(good.replace('goto = "install_date"', 'goto = "install"'),
                   encoding="utf-8")
    refused = invoke("script", "check", str(bad))
    assert_clean_failure(refused, "bad.toml [pitch]", "unknown step 'install'")


def _record(db_url: str) -> int:
    async def work() -> int:
        store = SqliteBackend(Path(db_url.removeprefix("sqlite:///")), region="IT")
        await store.open()
        try:
            from backends.calls.inputs import CallDraft

            call = await store.calls.create_call(CallDraft(caller="+390612345678"))
            await store.domain(SCRIPTS).record_answers(ScriptAnswersDraft(
                call_id=call.id, operator="anna", script="fibre-offer", campaign_id=3,
                answers=[GivenAnswer(step="greeting", value="yes"),
                         GivenAnswer(step="problem", value="=HYPERLINK(\"x\")")],
                completed=False, left_at="pitch"))
            return call.id
        finally:
            await store.close()

    return asyncio.run(work())


def test_answers_are_exported_as_csv_and_json(invoke: Invoke, db_url: str) -> None:
    assert invoke("db", "init").exit_code == 0
    call_id = _record(db_url)
    exported = invoke("script", "answers", "--campaign", "3")
    assert exported.exit_code == 0, exported.stderr
    lines = list(csv.reader(io.StringIO(exported.stdout)))
    assert lines[0][-2:] == ["step", "answer"]
    assert [(row[0], row[-2], row[-1]) for row in lines[1:]] == [
        (str(call_id), "greeting", "yes"), (str(call_id), "problem", "'=HYPERLINK(\"x\")")]
    assert lines[1][8] == "pitch" and lines[1][7] == "no"
    as_json = json.loads(invoke("script", "answers", "--call", str(call_id),
                                "--format", "json").stdout)
    assert as_json[0]["answers"][1]["value"] == "=HYPERLINK(\"x\")"
    assert invoke("script", "answers", "--campaign", "4").stdout.count("\n") == 1
    assert_clean_failure(invoke("script", "answers"), "--campaign")
