"""The survey form's reading (screens/callbacks/survey_dialog.py): answers in the four
languages' yes/no, empty answers left out, each mistake naming its field."""

from __future__ import annotations

import pytest

from backends.surveys.models import FeedbackKind
from screens.callbacks.survey_dialog import SurveyError, read_form

EMPTY = {"csat": "", "nps": "", "solved": "", "comment": "", "kind": "", "topic": ""}


def test_a_full_answer() -> None:
    form = read_form({**EMPTY, "csat": "5", "nps": "10", "solved": "igen", "comment": "ok",
                      "kind": "s", "topic": "app"})
    assert (form.csat, form.nps, form.solved, form.feedback, form.topic) == (
        5, 10, True, FeedbackKind.SUGGESTION, "app")


@pytest.mark.parametrize(("said", "solved"), [("y", True), ("sì", True), ("da", True),
                                              ("n", False), ("nu", False), ("", None)])
def test_solved_in_four_languages(said: str, solved: bool | None) -> None:
    assert read_form({**EMPTY, "csat": "3", "solved": said}).solved is solved


@pytest.mark.parametrize(("values", "field"), [
    ({"csat": "6"}, "csat"), ({"csat": "x"}, "csat"), ({"nps": "11"}, "nps"),
    ({"csat": "3", "solved": "maybe"}, "solved"), ({"csat": "3", "kind": "x"}, "kind"),
    ({"csat": "3", "kind": "c"}, "topic"), ({}, "csat")])
def test_mistakes_name_their_field(values: dict[str, str], field: str) -> None:
    with pytest.raises(SurveyError) as caught:
        read_form({**EMPTY, **values})
    assert caught.value.field == field and str(caught.value)
