"""The shipped library loads (≥ 12 scenarios, four languages, every competence), and a bad
scenario file is refused with its file, step and reason (backends/training/scenarios.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.training.catalog import load_library
from backends.training.scenarios import LANGUAGES, Competence, ScenarioError, load_file, parse

DATA = Path(__file__).resolve().parents[2] / "data" / "training"
GOOD = (DATA / "scenarios" / "identify-calm.toml").read_text(encoding="utf-8")


def test_the_shipped_library() -> None:
    library = load_library([DATA])
    assert len(library.scenarios) >= 12
    assert {s.competence for s in library.scenarios.values()} == set(Competence)
    for scenario in library.scenarios.values():
        assert set(scenario.title) >= set(LANGUAGES)
        for step in scenario.steps:
            assert all(step.line[language].strip() for language in LANGUAGES)
        assert library.form_of(scenario.id).id == scenario.form


def test_labels_in_the_chosen_language() -> None:
    assert load_library([DATA], "ro").forms["inbound"].label == "Apel de intrare"
    assert load_library([DATA], "hu").forms["inbound"].label == "Bejövő hívás"


def refused(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        parse("bad.toml", text)
    assert caught.value.file == "bad.toml"
    return caught.value


def test_unknown_step() -> None:
    error = refused(GOOD.replace('next = { info = "thanks" }', 'next = { info = "thnks" }'))
    assert error.step == "explain" and "unknown step 'thnks'" in error.reason
    assert "bad.toml [explain]" in str(error)


def test_unknown_start() -> None:
    error = refused(GOOD.replace('start = "ring"', 'start = "rnig"'))
    assert error.step == "rnig" and "unknown step" in error.reason


def test_unreachable_step() -> None:
    error = refused(GOOD + '\n[[steps]]\nid = "orphan"\nline = { it = "a", en = "b", '
                    'hu = "c", ro = "d" }\n')
    assert error.step == "orphan" and "unreachable" in error.reason


def test_missing_translation_in_a_line() -> None:
    text = GOOD.replace('hu = "Jó napot, szeretném tudni, mikor jár le a szerződésem.", ', "")
    error = refused(text)
    assert error.step == "greet" and "missing translation 'hu'" in error.reason


def test_missing_translation_in_a_reaction() -> None:
    text = GOOD.replace(', ro = "V-am spus deja: telefonul de acasă."', "")
    error = refused(text)
    assert error.step == "explain" and "react.wrong_question" in error.reason
    assert "'ro'" in error.reason


def test_empty_translation_and_title() -> None:
    error = refused(GOOD.replace('en = "Identify a calm caller"', 'en = "  "'))
    assert error.step == "" and "title: missing translation 'en'" in error.reason


def test_unknown_action() -> None:
    error = refused(GOOD.replace('next = { identify = "explain" }',
                                 'next = { identfy = "explain" }'))
    assert error.step == "greet" and "unknown action 'identfy'" in error.reason


def test_duplicate_step_and_bad_field() -> None:
    error = refused(GOOD.replace('id = "thanks"', 'id = "explain"'))
    assert error.step == "explain" and "twice" in error.reason
    error = refused(GOOD.replace('mood = "calm"', 'mood = "sleepy"'))
    assert "persona.mood" in error.reason


def test_not_toml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('id = "x"\nstart = \n', encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_file(path)
    assert caught.value.file == "broken.toml" and "line 2" in caught.value.reason


def test_a_scenario_failing_a_criterion_its_form_lacks(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "forms" / "inbound.toml").write_bytes((DATA / "forms" / "inbound.toml")
                                                     .read_bytes())
    (tmp_path / "topics.toml").write_bytes((DATA / "topics.toml").read_bytes())
    (tmp_path / "scenarios" / "x.toml").write_text(
        GOOD.replace('"identified_first"', '"identified_firs"'), encoding="utf-8")
    with pytest.raises(ScenarioError, match="identified_firs") as caught:
        load_library([tmp_path])
    assert caught.value.step == "greet"


def test_an_organisations_own_scenario_replaces_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "mine.toml").write_text(
        GOOD.replace("Identify a calm caller", "Our own"), encoding="utf-8")
    library = load_library([DATA, tmp_path])
    assert library.scenarios["identify-calm"].title["en"] == "Our own"


def test_what_a_scenario_expects_is_named_in_every_language() -> None:
    library = load_library([DATA], "it")
    assert library.topic("info", "contract_end") == "Scadenza del contratto"
    assert library.topic("script", "closing") == "Chiusura"
    assert load_library([DATA], "hu").topic("info", "opening_hours") == "Nyitvatartási idő"


def test_a_scenario_expecting_information_without_a_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "mine.toml").write_text(
        GOOD.replace('info = "contract_end"', 'info = "contract_ending"'), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_library([DATA, tmp_path])
    assert caught.value.file == "identify-calm" and caught.value.step == "expect"
    assert "contract_ending" in caught.value.reason and "topics.toml" in caught.value.reason


def test_an_organisations_topic_needs_its_four_languages(tmp_path: Path) -> None:
    (tmp_path / "topics.toml").write_text(
        '[info]\nreturns = { it = "Resi", en = "Returns", hu = "Visszaküldés" }\n',
        encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_library([DATA, tmp_path])
    assert caught.value.file == "topics.toml" and caught.value.step == "info.returns"
    assert "'ro'" in caught.value.reason
    (tmp_path / "topics.toml").write_text(
        '[info]\nreturns = { it = "Resi", en = "Returns", hu = "Visszaküldés", '
        'ro = "Retururi" }\n', encoding="utf-8")
    assert load_library([DATA, tmp_path], "ro").topic("info", "returns") == "Retururi"
