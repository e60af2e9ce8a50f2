"""Issue 16, item 6: the phrasebook. The default file has every phrase in the four languages;
an organisation's file overrides and adds phrases, and its bad lines are reported with file,
line and reason while the rest still loads; variables are filled; in the console the phrases
come in the caller's language with the operator's beside, and Enter puts one into the reply."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.command import CommandPalette

from backends import i18n
from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.phrasebook.phrases import LANGUAGES, PHASES, fill, load
from console import paths
from console.language import activate_language
from console.phrasebook_files import load_phrasebook, phrasebook_files
from tests.ui.helpers import make_app, sqlite_backend, started, wait_for

DEFAULT = paths.data_root() / "phrasebook" / "phrases.txt"


def test_the_default_phrasebook_covers_every_phase_in_four_languages() -> None:
    book = load([DEFAULT])
    assert book.problems == []
    assert {phrase.phase for phrase in book.phrases.values()} == set(PHASES)
    for phrase in book.phrases.values():
        assert set(phrase.texts) == set(LANGUAGES), phrase.key


def test_an_organisation_file_overrides_adds_and_reports_bad_lines(tmp_path: Path) -> None:
    own = tmp_path / "phrasebook.txt"
    own.write_text(
        "set company: Acme Servizi\n"
        "opening.greeting it: Acme Servizi, buongiorno, sono {operator}.\n"  # 2: override
        "closing.promo en: Ask about our {product} offer.\n"  # 3: unknown variable
        "billing.late it: La fattura è in ritardo.\n"  # 4: unknown phase
        "hold.ask de: Einen Moment bitte.\n"  # 5: unknown language
        "this line is nonsense\n"  # 6: not a phrase line
        "closing.thanks hu: Köszönjük a türelmét, {customer}!\n",  # 7: a new phrase
        encoding="utf-8")
    book = load([DEFAULT, own])
    reasons = {problem.split(": ", 1)[0]: problem for problem in book.problems}
    assert sorted(reasons) == [f"{own}:{line}" for line in (3, 4, 5, 6)], book.problems
    assert "{product}" in reasons[f"{own}:3"]
    assert "billing" in reasons[f"{own}:4"]
    assert "'de'" in reasons[f"{own}:5"]
    greeting = book.phrases["opening.greeting"]
    assert greeting.texts["it"] == "Acme Servizi, buongiorno, sono {operator}."
    assert greeting.texts["hu"].startswith("Jó napot")  # the others stay
    assert book.phrases["closing.thanks"].text("hu") == "Köszönjük a türelmét, {customer}!"
    assert book.values["company"] == "Acme Servizi"
    assert len(book.phrases) == len(load([DEFAULT]).phrases) + 1


def test_the_override_file_lives_in_the_config_folder() -> None:
    assert phrasebook_files() == [DEFAULT, paths.config_dir() / "phrasebook.txt"]
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "phrasebook.txt").write_text("hold.ask it: Attenda in linea.\n",
                                                       encoding="utf-8")
    assert load_phrasebook().phrases["hold.ask"].texts["it"] == "Attenda in linea."


def test_variables_are_filled_and_a_missing_one_stays_visible() -> None:
    text = "La richiamerò alle {callback_time}, {customer}."
    assert fill(text, {"callback_time": "16:30", "customer": "Giulia"}) == (
        "La richiamerò alle 16:30, Giulia.")
    assert fill(text, {"customer": "Giulia"}) == "La richiamerò alle …, Giulia."


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def test_in_the_palette_in_the_caller_s_language_and_into_the_reply(
        tmp_path: Path) -> None:
    """A Hungarian caller, an Italian operator: the phrase in Hungarian with the Italian
    beside it, the caller's name filled in; Enter puts it into the ticket's reply."""
    backend = sqlite_backend(tmp_path / "pb.db")
    await backend.open()
    try:
        await backend.customers.create_customer(CustomerDraft(name="Kovács Anna",
                                                              phones=["+36 30 123 4567"]))
        await backend.calls.create_call(CallDraft(caller="+36301234567"))
        activate_language("it")
        app = make_app(backend, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot)
            await pilot.press("f5")
            await wait_for(pilot, lambda: screen.desk.customer is not None, what="caller")
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette),
                           what="palette")
            await pilot.press(*"identific")  # the phase, in the operator's language
            palette = app.screen
            await wait_for(pilot, lambda: palette.query("CommandList Option")
                           is not None and "Kovács Anna" in _options(palette),
                           what="the phrase")
            shown = _options(palette)
            assert "Csak hogy biztos legyek: Kovács Anna" in shown  # the caller's language
            assert "Per conferma, parlo con Kovács Anna?" in shown  # the operator's beside
            await pilot.press("down")
            while "Kovács Anna" not in str(_highlighted(palette)):
                await pilot.press("down")
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen.work_area.built("ticket") is not None
                           and "Kovács Anna" in screen.work_area.built("ticket").note_text,
                           what="the phrase in the reply")
            note = screen.work_area.built("ticket").note_text
        assert note.startswith("Köszönöm. Csak hogy biztos legyek: Kovács Anna")
    finally:
        i18n.activate("en", None)
        await backend.close()


def _options(palette: object) -> str:
    from textual.widgets import OptionList

    options = palette.query_one(OptionList)  # type: ignore[attr-defined]
    return "\n".join(str(options.get_option_at_index(i).prompt)
                     for i in range(options.option_count))


def _highlighted(palette: object) -> object:
    from textual.widgets import OptionList

    options = palette.query_one(OptionList)  # type: ignore[attr-defined]
    index = options.highlighted
    return options.get_option_at_index(index).prompt if index is not None else ""


async def test_the_callback_time_comes_from_the_call_s_booked_callback(
        tmp_path: Path) -> None:
    """{callback_time}: a gap to fill while nothing is booked, then the due time of the
    callback booked on the call, written as each line's language writes it (Hungarian for the
    caller, Italian for the operator)."""
    from datetime import UTC, datetime, timedelta

    from backends.callbacks.api import CALLBACKS
    from backends.callbacks.inputs import CallbackDraft

    backend = sqlite_backend(tmp_path / "cb.db")
    await backend.open()
    try:
        await backend.customers.create_customer(CustomerDraft(name="Kovács Anna",
                                                              phones=["+36 30 123 4567"]))
        await backend.calls.create_call(CallDraft(caller="+36301234567"))
        activate_language("it")
        app = make_app(backend, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot)
            await pilot.press("f5")
            await wait_for(pilot, lambda: screen.desk.customer is not None, what="caller")

            async def announce() -> str:
                await pilot.press("ctrl+p")
                await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette),
                               what="palette")
                await pilot.press(*"richiamata")  # the phase, in the operator's language
                palette = app.screen
                await wait_for(pilot, lambda: "visszahívom" in _options(palette),
                               what="the callback phrase")
                shown = _options(palette)
                await pilot.press("escape")
                await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette),
                               what="palette closed")
                return shown

            shown = await announce()
            assert "[egyeztetett időpont]-kor visszahívom" in shown
            assert "La richiamerò alle [orario da concordare]" in shown
            call = screen.desk.call
            due = (datetime.now(UTC) + timedelta(days=1)).replace(
                hour=16, minute=30, second=0, microsecond=0)
            await backend.domain(CALLBACKS).book_callback(CallbackDraft(
                number=call.caller, customer_id=call.customer_id, call_id=call.id,
                due_at=due, owner=screen.desk.operator_name))
            shown = await announce()
        assert f"{i18n.day_time(due, 'hu')}-kor visszahívom" in shown
        assert f"La richiamerò alle {i18n.day_time(due, 'it')} con" in shown
        assert "16:30" in i18n.day_time(due, "hu")
    finally:
        i18n.activate("en", None)
        await backend.close()
