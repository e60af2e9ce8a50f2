"""Issue 15 item 7 in the console: the caller's record is corrected from the 360 view (Ctrl+E)
on a real SQLite file, every field of it; somebody else's save in between brings the tickets'
conflict dialog; a new customer's language comes from the number's country; the form fits
80x24 with its buttons and error line in view."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Checkbox, Input, Static, TextArea

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerChanges
from backends.customers.models import Consent
from screens.customers.customer_form import CustomerForm
from screens.tickets.conflict_dialog import ConflictDialog
from tests.ui.helpers import make_app, queue_ids, screen_text, seed_basic, started, wait_for


async def _answer_luca(pilot, store, tmp_path):  # type: ignore[no-untyped-def]
    screen = await started(pilot)
    await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="3 waiting calls")
    await pilot.press("f5")
    await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
    return screen


def _in_view(app, widget) -> bool:  # type: ignore[no-untyped-def]
    region = widget.region
    return (region.height > 0 and region.y >= 0 and region.bottom <= app.size.height
            and widget.display)


async def test_edit_every_field_from_the_360_view(store, tmp_path: Path) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _answer_luca(pilot, store, tmp_path)
        await wait_for(pilot, lambda: "Ctrl+E edits" in screen_text(app), what="the hint")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="edit form")
        form = app.screen
        for widget in (form.query_one("#cf-save", Button), form.query_one("#cf-cancel", Button),
                       form.query_one("#cf-error", Static)):
            assert _in_view(app, widget), widget
        assert form.query_one("#cf-name", Input).value == "Luca Bianchi"
        await pilot.press("ctrl+a", "ctrl+k", *"Luca Bianchi Jr")
        form.query_one("#cf-phones", Input).value = "+39 02 8765 4321, +36 1 234 5678"
        form.query_one("#cf-company", Input).value = "Bianchi Srl"
        form.query_one("#cf-language", Input).value = "hu"
        form.query_one("#cf-tags", Input).value = "VIP, reseller"
        form.query_one("#cf-marketing", Checkbox).value = True
        form.query_one("#cf-recording", Checkbox).value = True
        form.query_one("#cf-notes", TextArea).text = "Prefers Hungarian.\nCalls at noon."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CustomerForm), what="saved")
        stored = await store.customers.get_customer(people["luca"].id)
        assert stored.name == "Luca Bianchi Jr" and stored.company == "Bianchi Srl"
        assert stored.phones == ["+390287654321", "+3612345678"]
        assert stored.language == "hu" and stored.tags == ["VIP", "reseller"]
        assert stored.consent == Consent(marketing=True, recording=True)
        assert stored.notes == "Prefers Hungarian.\nCalls at noon."
        assert stored.email == "luca@example.it"  # untouched
        assert screen.customer.version == stored.version
        await wait_for(pilot, lambda: "Luca Bianchi Jr" in screen_text(app), what="redrawn")


async def test_a_save_in_between_brings_the_conflict_dialog(store, tmp_path: Path) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _answer_luca(pilot, store, tmp_path)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="edit form")
        form = app.screen
        luca = people["luca"]
        await store.customers.update_customer(luca.id, luca.version,
                                              CustomerChanges(email="l.bianchi@example.it"))
        form.query_one("#cf-company", Input).value = "Bianchi Srl"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog), what="conflict")
        assert "Luca Bianchi was changed by someone else" in screen_text(app)
        await pilot.press("m")  # keep mine: my company over their email
        await wait_for(pilot, lambda: not isinstance(app.screen, (CustomerForm,
                                                                  ConflictDialog)),
                       what="saved after the conflict")
        stored = await store.customers.get_customer(luca.id)
        assert stored.company == "Bianchi Srl" and stored.email == "l.bianchi@example.it"


async def test_a_plain_error_with_the_field_named(store, tmp_path: Path) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _answer_luca(pilot, store, tmp_path)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="edit form")
        form = app.screen
        form.query_one("#cf-company", Input).value = "x" * 201
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Company: at most 200 characters" in screen_text(app),
                       what="plain error")
        assert "String should" not in screen_text(app)
        assert app.focused is form.query_one("#cf-company", Input)


async def test_new_customer_language_from_the_number(store, tmp_path: Path) -> None:
    await store.calls.create_call(CallDraft(caller="+40 21 123 4567"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 1, what="the call")
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="new form")
        form = app.screen
        assert form.query_one("#cf-language", Input).value == "ro"
        assert _in_view(app, form.query_one("#cf-save", Button))
        await pilot.press(*"Ion Popescu", "ctrl+s")
        await wait_for(pilot, lambda: screen.customer is not None, what="created")
        assert (await store.customers.get_customer(screen.customer.id)).language == "ro"


async def test_the_customer_conflict_dialog_fits_80x24(store, tmp_path: Path) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _answer_luca(pilot, store, tmp_path)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="edit form")
        luca = people["luca"]
        await store.customers.update_customer(luca.id, luca.version,
                                              CustomerChanges(notes="theirs"))
        app.screen.query_one("#cf-company", Input).value = "Bianchi Srl"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog), what="conflict")
        await pilot.pause(0.3)
        for button in app.screen.query(Button):
            assert _in_view(app, button), button.id
        assert "Keep mine (m)" in screen_text(app) and "Merge (enter)" in screen_text(app)
