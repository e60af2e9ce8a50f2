"""Playing a scenario (backends/training/play.py): the caller's next line for each action,
reactions that do not move on, critical actions, and the automatic scores of a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.training.catalog import load_library
from backends.training.play import TraineeAction, auto_scores, react
from backends.training.rules import score
from backends.training.scenarios import Action

LIB = load_library([Path(__file__).resolve().parents[2] / "data" / "training"])


def act(kind: Action, value: str | None = None, at: float = 0.0) -> TraineeAction:
    return TraineeAction(kind=kind, value=value, at=at)


def test_lines_revealed_step_by_step() -> None:
    scenario = LIB.scenarios["identify-calm"]
    first = react(scenario, "ring", act(Action.ANSWER))
    assert first.step == "greet" and first.line is not None
    assert first.line["en"].startswith("Good morning")
    impatient = react(scenario, "greet", act(Action.WRONG_QUESTION))
    assert impatient.step == "greet" and impatient.line is not None
    assert "asked who I am" in impatient.line["en"]
    assert react(scenario, "greet", act(Action.NOTE)).line is None
    critical = react(scenario, "greet", act(Action.ACCOUNT_DETAILS))
    assert critical.critical == "identified_first" and critical.step == "greet"


def test_a_wrong_transfer_makes_the_caller_complain() -> None:
    scenario = LIB.scenarios["complaint-late-delivery"]
    wrong = react(scenario, "explain", act(Action.TRANSFER, "Sales"))
    assert wrong.action is Action.WRONG_TRANSFER and wrong.step == "explain"
    assert wrong.line is not None and "not the right department" in wrong.line["en"]
    right = react(scenario, "explain", act(Action.TRANSFER, "logistics"))
    assert right.step == "thanks"


GOOD_RUN = [act(Action.ANSWER, at=4), act(Action.IDENTIFY, "Anna Verdi", 20),
            act(Action.INFO, "contract_end", 40), act(Action.NOTE, at=50),
            act(Action.HANG_UP, at=60), act(Action.OUTCOME, "INFO_GIVEN", 80)]


def test_auto_scores_of_a_good_run() -> None:
    scenario = LIB.scenarios["identify-calm"]
    form = LIB.form_of(scenario.id)
    scores = auto_scores(form, scenario, GOOD_RUN)
    assert scores == {"answer_time": 2, "identified_first": 1, "right_customer": 1,
                      "information": 1, "ticket_category": None, "ticket_priority": None,
                      "notes": 1, "escalation": None, "transfer": None, "outcome": 1,
                      "wrap_up_time": 1}
    result = score(form, {**scores, "courtesy": 3, "empathy": None})
    # possible: answer 2 + identified 2 + customer 2 + courtesy 4 + information 2 + notes 1
    # + outcome 1 + wrap-up 1 = 15 (weighted); only courtesy lost a point: 14/15
    assert result.passed and result.score == pytest.approx(14 / 15)


def test_auto_scores_of_a_poor_run() -> None:
    scenario = LIB.scenarios["identify-calm"]
    form = LIB.form_of(scenario.id)
    run = [act(Action.ANSWER, at=25), act(Action.ACCOUNT_DETAILS, at=30),
           act(Action.IDENTIFY, "Anna Rossi", 40), act(Action.INFO, "balance", 50),
           act(Action.TRANSFER, "Sales", 55), act(Action.HANG_UP, at=60),
           act(Action.OUTCOME, "INFO_GIVEN", 400)]
    scores = auto_scores(form, scenario, run)
    assert scores["answer_time"] == 1  # within twice the 15 s
    assert scores["identified_first"] == 0 and scores["right_customer"] == 0
    assert scores["information"] == 0 and scores["transfer"] == 0  # none was needed
    assert scores["notes"] == 0 and scores["wrap_up_time"] == 0
    result = score(form, {**scores, "courtesy": 4, "empathy": None})
    assert result.critical_failures == ["identified_first"] and not result.passed


def test_a_failure_during_play_counts_even_if_later_fixed() -> None:
    scenario = LIB.scenarios["identify-calm"]
    form = LIB.form_of(scenario.id)
    scores = auto_scores(form, scenario, GOOD_RUN, failed=["identified_first"])
    assert scores["identified_first"] == 0


def test_script_adherence_counts_steps_in_order() -> None:
    scenario = LIB.scenarios["outbound-survey"]
    form = LIB.form_of(scenario.id)
    steps = ["opening", "handling", "identification", "closing"]
    scores = auto_scores(form, scenario, [act(Action.SCRIPT, s) for s in steps])
    assert scores["script"] == 3  # opening, identification, closing in order: 3 of 4
    all_four = ["opening", "identification", "handling", "closing"]
    assert auto_scores(form, scenario, [act(Action.SCRIPT, s) for s in all_four])["script"] == 4
