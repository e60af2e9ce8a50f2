"""Evaluation forms scored by hand (backends/training/rules.py): N/A left out of both sums,
weights, a critical failure, thresholds per indicator, per section and overall, the bands."""

from __future__ import annotations

import pytest

from backends.errors import Invalid
from backends.training.forms import Band, Criterion, EvaluationForm, Section
from backends.training.rules import calibrate, score


def form() -> EvaluationForm:
    return EvaluationForm(id="inbound", label="Inbound call", threshold=0.6, exceeds=0.85,
                          sections=[
        Section(id="call", label="Taking the call", threshold=0.5, criteria=[
            Criterion(id="greet", label="Greeting", weight=1, points=2),
            Criterion(id="identify", label="Identifies the caller", weight=2, critical=True),
            Criterion(id="answer_time", label="Answers in time", weight=1, points=2,
                      allow_na=True)]),
        Section(id="complaint", label="Complaint", criteria=[
            Criterion(id="empathy", label="Empathy", weight=3, points=4, allow_na=True,
                      threshold=0.5),
            Criterion(id="escalate", label="Escalates", weight=2, allow_na=True)])])


GOOD = {"greet": 2, "identify": 1, "answer_time": None, "empathy": 3, "escalate": 1}


def test_weighted_score_leaves_na_out_of_both_sums() -> None:
    # (2*1 + 1*2 + 3*3 + 1*2) / (2*1 + 1*2 + 4*3 + 1*2) = 15/18
    result = score(form(), GOOD)
    assert result.score == pytest.approx(15 / 18)
    assert result.band is Band.MEETS and result.passed and result.complete
    assert result.sections[0].score == pytest.approx(1.0)
    assert result.sections[1].score == pytest.approx(11 / 14)
    assert result.criterion("answer_time").applicable is False


def test_na_differs_from_zero() -> None:
    result = score(form(), {**GOOD, "answer_time": 0})
    assert result.score == pytest.approx(15 / 20)  # the two possible points now count
    assert result.band is Band.MEETS


def test_weights_change_the_band() -> None:
    # unweighted the same points would be 7/8 = 0.875 (exceeds); weighted they are 5/6
    assert score(form(), GOOD).band is Band.MEETS
    best = score(form(), {"greet": 1, "identify": 1, "answer_time": 2, "empathy": 4,
                          "escalate": 1})
    assert best.score == pytest.approx(19 / 20) and best.band is Band.EXCEEDS


def test_a_critical_failure_fails_whatever_the_score() -> None:
    result = score(form(), {**GOOD, "identify": 0, "answer_time": 2, "empathy": 4})
    assert result.score == pytest.approx(18 / 20)  # would exceed
    assert result.critical_failures == ["identify"]
    assert result.band is Band.BELOW and not result.passed


def test_an_indicator_under_its_threshold_is_below() -> None:
    small = EvaluationForm(id="small", label="Small", sections=[Section(
        id="s", label="S", criteria=[Criterion(id="a", label="A", weight=9),
                                     Criterion(id="b", label="B", points=4, threshold=0.75)])])
    result = score(small, {"a": 1, "b": 2})
    assert result.score == pytest.approx(11 / 13)  # above the overall 0.6
    assert result.criterion("b").met is False and result.band is Band.BELOW
    fixed = score(small, {"a": 1, "b": 3})  # b at 0.75 meets its minimum
    assert fixed.score == pytest.approx(12 / 13) and fixed.band is Band.EXCEEDS


def test_a_section_under_its_threshold_is_below() -> None:
    two = EvaluationForm(id="two", label="Two", sections=[
        Section(id="s1", label="S1", criteria=[Criterion(id="a", label="A", weight=9)]),
        Section(id="s2", label="S2", threshold=0.8,
                criteria=[Criterion(id="b", label="B", points=4)])])
    result = score(two, {"a": 1, "b": 3})
    assert result.score == pytest.approx(12 / 13)
    assert result.sections[1].met is False and result.band is Band.BELOW
    assert score(two, {"a": 1, "b": 4}).band is Band.EXCEEDS


def test_overall_threshold_and_pending() -> None:
    low = score(form(), {"greet": 1, "identify": 1, "answer_time": 0, "empathy": 2,
                         "escalate": 0})
    # (1 + 2 + 0 + 6 + 0) / 20 = 9/20 = 0.45 < 0.6
    assert low.score == pytest.approx(0.45) and low.band is Band.BELOW
    partial = score(form(), {"greet": 2, "identify": 1})
    assert partial.score == pytest.approx(1.0) and not partial.complete
    assert partial.band is Band.EXCEEDS and not partial.passed
    assert score(form(), {}).score is None and score(form(), {}).band is None


@pytest.mark.parametrize(("scores", "field"), [
    ({"nonsense": 1}, "nonsense"),
    ({"greet": 3}, "greet"),
    ({"greet": -1}, "greet"),
    ({"identify": None}, "identify"),
])
def test_bad_scores_are_refused_naming_the_criterion(scores: dict[str, int | None],
                                                     field: str) -> None:
    with pytest.raises(Invalid) as refused:
        score(form(), scores)
    assert refused.value.field == field


def test_a_form_with_exceeds_below_threshold_is_refused() -> None:
    with pytest.raises(Invalid, match="exceeds"):
        EvaluationForm(id="x", label="X", threshold=0.9, exceeds=0.5, sections=[Section(
            id="s", label="S", criteria=[Criterion(id="a", label="A")])])


def test_calibration_shows_the_deviation() -> None:
    other = {"greet": 1, "identify": 1, "answer_time": 2, "empathy": 4, "escalate": 1}
    result = calibrate(form(), GOOD, other)
    assert result.per_criterion == {"greet": 0.5, "identify": 0.0, "answer_time": None,
                                    "empathy": 0.25, "escalate": 0.0}
    assert result.overall == pytest.approx(19 / 20 - 15 / 18)
    assert result.mean_absolute == pytest.approx(0.75 / 4)
