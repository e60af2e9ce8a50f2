"""`centralino lab …` on a real SQLite file: a class whose trainees become operators, a
sequence of scenarios, start and stop, results as table/CSV/JSON/report after a trainee has
played (console/cli_lab.py); bad input is one clear line, never a traceback."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from pathlib import Path

from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING
from backends.training.inputs import EvaluationDraft
from backends.training.play import TraineeAction
from backends.training.scenarios import Action
from console import paths
from tests.cli.conftest import Invoke, assert_clean_failure


def play(db: Path, trainee: str, good: bool) -> None:
    async def run() -> None:
        async with SqliteBackend(db) as store:
            lab = store.domain(TRAINING)
            first = (await lab.list_assignments(1, trainee))[0]
            await lab.begin(first.id, trainee)
            steps = [(Action.ANSWER, None, 3), (Action.IDENTIFY, "Anna Verdi", 10),
                     (Action.INFO, "contract_end", 20), (Action.NOTE, None, 25),
                     (Action.HANG_UP, None, 30), (Action.OUTCOME, "INFO_GIVEN", 40)]
            if not good:
                steps.insert(1, (Action.ACCOUNT_DETAILS, None, 5))
            for kind, value, at in steps:
                await lab.record(first.id, trainee, TraineeAction(kind=kind, value=value, at=at))
            await lab.finish(first.id, trainee)
            await lab.evaluate(EvaluationDraft(subject=f"assignment:{first.id}", form="inbound",
                                               evaluator="ines", scores={"courtesy": 4,
                                                                         "empathy": None},
                                               comment="=cmd|' /C calc'!A0"))

    asyncio.run(run())


def test_a_class_from_creation_to_results(invoke: Invoke, tmp_path: Path) -> None:
    created = invoke("lab", "create", "Lunedì", "-t", "ada", "-t", "bruno")
    assert created.exit_code == 0, created.stderr
    assert "#1 Lunedì [planned] ada, bruno" in created.stdout
    assigned = invoke("lab", "assign", "1", "all", "identify-calm", "info-opening-hours")
    assert assigned.exit_code == 0 and "2 trainees" in assigned.stdout
    assert "[running]" in invoke("lab", "start", "1").stdout
    play(tmp_path / "store.db", "ada", good=True)
    play(tmp_path / "store.db", "bruno", good=False)
    table = invoke("lab", "results", "1").stdout.splitlines()
    assert table[0].split()[:4] == ["ada", "identify-calm", "100%", "exceeds"]
    assert "identified_first" in table[2] and "below threshold" in table[2]
    assert "not started" in table[1]
    found = json.loads(invoke("lab", "results", "1", "--format", "json").stdout)
    bruno = next(r for r in found if r["trainee"] == "bruno" and r["state"] == "done")
    assert bruno["critical_failures"] == ["identified_first"] and bruno["passed"] is False
    assert bruno["competence_label"] == "Taking the call and identifying the caller"
    taking = next(s for s in bruno["sections"] if s["id"] == "taking_call")
    assert taking["threshold"] == 0.6 and taking["met"] in (True, False)
    rows = list(csv.reader(io.StringIO(invoke("lab", "results", "1", "--trainee", "ada",
                                              "--format", "csv").stdout)))
    assert rows[0][:4] == ["trainee", "scenario", "competence", "criterion"]
    assert rows[4][:4] == ["ada", "identify-calm", "taking_call", "courtesy"]
    report = invoke("lab", "results", "1", "--format", "report").stdout
    assert "Training results: ada" in report and "\f" in report
    assert "Identifies the caller before giving acco" in report
    # the competence by its name, each section (a competence) against its threshold, a
    # critical failure by the indicator's name
    assert "Identify a calm caller (Taking the call and identifying the caller)" in report
    assert re.search(r"^  Taking the call and identifying the caller +\d+%  min  60%",
                     report, re.MULTILINE), report
    assert "Critical failure: Identifies the caller before giving account details" in report
    assert "identified_first" not in report
    assert "ines: =cmd|' /C calc'!A0" in report  # a printed page shows the comment as is
    assert "not started" in report
    assert "[stopped]" in invoke("lab", "stop", "1").stdout
    assert "#1 Lunedì [stopped]" in invoke("lab", "sessions").stdout


def test_refusals_are_one_clear_line(invoke: Invoke) -> None:
    invoke("lab", "create", "A", "-t", "ada")
    assert_clean_failure(invoke("lab", "assign", "1", "carla", "identify-calm"),
                         "'carla' is not in the class 'A'")
    assert_clean_failure(invoke("lab", "assign", "1", "ada", "nope"), "no scenario nope")
    invoke("lab", "start", "1")
    assert_clean_failure(invoke("lab", "start", "1"), "is running")
    assert_clean_failure(invoke("lab", "start", "9"), "no lab session 9")
    assert_clean_failure(invoke("lab", "create", "B", "-t", "bad name!"),
                         "is not an operator's login")


def test_a_bad_scenario_of_ones_own_is_named(invoke: Invoke) -> None:
    own = paths.config_dir() / "training" / "scenarios"
    own.mkdir(parents=True)
    text = (paths.data_root() / "training" / "scenarios" / "identify-calm.toml").read_text(
        encoding="utf-8")
    (own / "ours.toml").write_text(text.replace('{ hang_up = "end" }', '{ hang_up = "fin" }'),
                                   encoding="utf-8")
    assert_clean_failure(invoke("lab", "scenarios"), "ours.toml [thanks]", "unknown step 'fin'")
    checked = invoke("lab", "check", str(own / "ours.toml"))
    assert checked.exit_code == 1 and "ours.toml [thanks]" in checked.stderr


def test_the_board_without_a_session_on_a_database_without_any(invoke: Invoke) -> None:
    """`lab board` names no session: there is none to open, said in one line."""
    result = invoke("lab", "board")
    assert_clean_failure(result, "no lab session yet")


def test_check_finds_what_a_file_names_that_the_library_lacks(invoke: Invoke,
                                                                tmp_path: Path) -> None:
    """`lab check` checks a file against the library it joins: an information topic without
    a name, a criterion its form lacks (before, only the file itself was checked)."""
    text = (paths.data_root() / "training" / "scenarios" / "identify-calm.toml").read_text(
        encoding="utf-8")
    mine = tmp_path / "mine.toml"
    mine.write_text(text.replace('info = "contract_end"', 'info = "warranty"'),
                    encoding="utf-8")
    checked = invoke("lab", "check", str(mine))
    assert checked.exit_code == 1 and "info 'warranty'" in checked.stderr
    mine.write_text(text.replace('"identified_first"', '"identified_firs"'), encoding="utf-8")
    checked = invoke("lab", "check", str(mine))
    assert checked.exit_code == 1 and "identified_firs" in checked.stderr
    mine.write_text(text, encoding="utf-8")
    assert invoke("lab", "check", str(mine)).exit_code == 0
