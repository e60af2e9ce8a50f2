"""Quality checks of real calls with the lab's forms, on a real SQLite file: two supervisors
score the same call (`centralino lab qa`) and `lab calibrate` shows how far apart they are;
a bad score names the criterion (console/cli_lab_qa.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.sqlite import SqliteBackend
from tests.cli.conftest import Invoke, assert_clean_failure

FULL = ["-s", "answer_time=2", "-s", "identified_first=1", "-s", "right_customer=1",
        "-s", "information=1", "-s", "ticket_category=na", "-s", "ticket_priority=na",
        "-s", "notes=1", "-s", "empathy=na", "-s", "escalation=na", "-s", "transfer=na",
        "-s", "outcome=1", "-s", "wrap_up_time=1"]


def a_call(db: Path) -> int:
    async def make() -> int:
        async with SqliteBackend(db) as store:
            return (await store.calls.create_call(CallDraft(caller="+390612345678"))).id

    return asyncio.run(make())


def test_two_evaluators_and_their_deviation(invoke: Invoke, tmp_path: Path) -> None:
    call = a_call(tmp_path / "store.db")
    first = invoke("--operator", "sara", "lab", "qa", str(call), *FULL, "-s", "courtesy=4")
    assert first.exit_code == 0, first.stderr
    assert f"call {call} scored by sara: 100% (exceeds the threshold)" in first.stdout
    second = invoke("--operator", "marco", "lab", "qa", str(call), *FULL, "-s", "courtesy=2",
                    "-s", "notes=0")
    # (15 - 2 courtesy - 1 notes) / 15 weighted points = 12/15 = 80 %
    assert "80% (meets the threshold)" in second.stdout
    shown = invoke("lab", "calibrate", str(call)).stdout
    assert "marco" in shown and "sara" in shown
    # marco first (by name): overall |0.8 - 1.0| = 20 %; courtesy 50 % apart, notes 100 %
    assert "marco vs sara: overall 20% apart" in shown
    assert "Courtesy and tone" in shown and "50%" in shown
    assert "Notes written" in shown and "100%" in shown


def test_bad_scores_and_calls_are_refused(invoke: Invoke, tmp_path: Path) -> None:
    call = a_call(tmp_path / "store.db")
    assert_clean_failure(invoke("lab", "qa", str(call), "-s", "courtesy=9"),
                         "courtesy", "0 to 4")
    assert_clean_failure(invoke("lab", "qa", str(call), "-s", "identified_first=na"),
                         "cannot be marked not applicable")
    assert_clean_failure(invoke("lab", "qa", str(call), "-s", "smile"), "criterion=points")
    assert_clean_failure(invoke("lab", "qa", str(call), "--form", "nope"), "no form nope")
    assert_clean_failure(invoke("lab", "qa", "999", "-s", "courtesy=1"), "999")
    assert_clean_failure(invoke("lab", "calibrate", str(call)), "nobody has scored")
