"""Walking a script: typed answers (choice, yes/no, number, date, text) checked, branches taken
on the answers, actions collected and undone by "back", leaving part way keeps the answers."""

from __future__ import annotations

import pytest

from backends.errors import Invalid
from backends.scripts.definition import Do
from backends.scripts.loader import load_folders
from backends.scripts.runner import ScriptRun
from tests.scripts.test_loader import SHIPPED

SCRIPTS = load_folders([SHIPPED])


def run(campaign: str = "Fibre offer", language: str = "en") -> ScriptRun:
    return ScriptRun(SCRIPTS[campaign], language, {
        "first_name": "Ada", "operator": "Anna", "offer": "Fibre 1000", "price": "€ 29"})


def test_the_text_has_the_contacts_variables_in_its_language() -> None:
    walk = run(language="hu")
    assert walk.text() == "Jó napot, Ada, Anna vagyok a Centralinótól. Alkalmas most?"
    walk.answer("1")
    walk.advance()
    assert "Fibre 1000" in walk.text() and "€ 29" in walk.text()


def test_branches_follow_the_answers_and_collect_their_actions() -> None:
    walk = run()
    walk.answer("yes")
    assert walk.advance() == [] and walk.current == "pitch"
    walk.answer("2")  # a sales person
    walk.advance()
    assert walk.current == "appointment"
    walk.answer("31/12/2026")
    actions = walk.advance()
    assert [t.action.do for t in actions] == [Do.APPOINTMENT, Do.OUTCOME]
    assert walk.current == "confirm"
    walk.advance()
    assert walk.finished
    assert walk.given() == [("greeting", "yes"), ("pitch", "visit"),
                            ("appointment", "2026-12-31")]


def test_no_leads_elsewhere_and_back_undoes_the_actions() -> None:
    walk = run()
    walk.answer("2")
    walk.advance()
    assert walk.current == "not_now"
    walk.answer("2")
    walk.advance()
    assert [t.action.do for t in walk.triggered] == [Do.DNC, Do.OUTCOME]
    assert walk.back() and walk.current == "not_now" and walk.triggered == []
    assert walk.answers["not_now"] == "never"  # kept, to change
    walk.answer("1")
    walk.advance()
    assert [t.action.value for t in walk.triggered] == ["tomorrow 10", "callback"]
    assert walk.back() and walk.back() and walk.current == "greeting"
    assert not walk.back()


@pytest.mark.parametrize(("raw", "reason"), [("7", "1 to 3"), ("maybe", "1 to 3")])
def test_a_choice_must_be_one_of_them(raw: str, reason: str) -> None:
    walk = run()
    walk.answer("1")
    walk.advance()
    with pytest.raises(Invalid) as refused:
        walk.answer(raw)
    assert refused.value.field == "pitch" and reason in refused.value.reason


def test_numbers_dates_and_required_answers_are_checked() -> None:
    walk = run("Satisfaction survey")
    with pytest.raises(Invalid, match="answer the question first"):
        walk.advance()
    with pytest.raises(Invalid, match=r"yes \(1\) or no \(2\)"):
        walk.answer("perhaps")
    walk.answer("s")  # sì
    walk.advance()
    for raw, reason in (("9", "at most 5"), ("0", "at least 1"), ("four", "a number")):
        with pytest.raises(Invalid, match=reason):
            walk.answer(raw)
    assert walk.answer("4,0") == "4"
    walk.advance()
    walk.answer("1")
    walk.advance()
    assert walk.current == "comment"
    walk.advance()  # not required
    assert walk.current == "thanks"


def test_leaving_keeps_the_answers_and_the_step() -> None:
    walk = run()
    walk.answer("1")
    walk.advance()
    walk.leave()
    assert walk.left_at == "pitch" and walk.given() == [("greeting", "yes")]
    walk = run()
    for _ in range(2):
        walk.answer("1")
        walk.advance()
    with pytest.raises(Invalid, match="a date such as"):
        walk.answer("next tuesday")


def test_answers_read_in_the_operators_language(tmp_path: object) -> None:
    """Yes/no in the operator's language (the catalogs), whatever the contact's; a choice by
    its label in the script's language; a typed answer as typed, braces and all."""
    from backends import i18n
    from backends.scripts.runner import answer_label
    from console.paths import data_root

    i18n.activate("it", data_root() / "locale")
    try:
        walk = run(language="hu")  # a Hungarian contact, an Italian operator
        assert walk.choices() == [("1", "sì"), ("2", "no")]
        walk.answer("1")
        assert walk.label("greeting", walk.answers["greeting"]) == "sì"
        walk.advance()
        walk.answer("1")
        assert walk.label("pitch", "buy") == "Igen, kérem"
        script = SCRIPTS["Fibre offer"]
        assert answer_label(script, "greeting", "no", "en") == "no"
        assert answer_label(script, "greeting", "yes", "en") == "sì"
        assert walk.label("install_date", "{oops") == "{oops"
        assert answer_label(script, "gone_step", "yes", "en") == "yes"
    finally:
        i18n.activate("en", None)
