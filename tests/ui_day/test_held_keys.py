"""Keys typed faster than the console follows land where they would if typed slowly:
- while a dialog is still being built (console/held_keys.py), they wait for it;
- a Tab moves the focus before the next key is handed out (Tab is the app's priority key),
  so letters after it never land in the field it left.
On a slow machine over SSH the scripted shift saw "Rossi" in the e-mail field and " Srl" in
the company after Ctrl+E, Tab, Tab, Tab, "Rossi Srl"."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events
from textual.widgets import Input

from screens.customers.customer_form import CustomerForm
from tests.ui.helpers import make_app, seed_basic, started, wait_for

KEYS = ("tab", "tab", "tab", *"Rossi", "space", *"Srl")


def _key(name: str) -> events.Key:
    return events.Key(name, name if len(name) == 1 else (" " if name == "space" else None))


async def test_keys_typed_while_a_dialog_is_built_wait_for_it(store, tmp_path: Path) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        form = CustomerForm(store.customers, customer=people["luca"])
        app.push_screen(form)
        assert not form.is_mounted
        for name in KEYS:
            app.post_message(_key(name))  # all queued before the form has mounted
        await wait_for(pilot, lambda: form.query("#cf-company")
                       and form.query_one("#cf-company", Input).value == "Rossi Srl",
                       what="the company typed", timeout=5)
        assert form.query_one("#cf-email", Input).value == people["luca"].email


async def test_letters_after_a_tab_follow_the_focus(store, tmp_path: Path) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        form = CustomerForm(store.customers, customer=people["luca"])
        await app.push_screen(form)
        await wait_for(pilot, lambda: app.focused is form.query_one("#cf-name", Input),
                       what="the name focused")
        for name in KEYS:
            app.post_message(_key(name))  # faster than each Tab's focus change
        await wait_for(pilot, lambda: form.query_one("#cf-company", Input).value == "Rossi Srl",
                       what="the company typed", timeout=5)
        assert form.query_one("#cf-name", Input).value == people["luca"].name


async def test_keys_typed_while_the_form_saves_reach_the_desk_after_it(
        store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+S, then at once F9 and a subject: the form is still saving (a slow store, over
    SSH), so those keys wait and reach the desk once the form has closed. They went into the
    form's field before and were lost with it (the shift saw it on a loaded machine)."""
    await seed_basic(store)
    gate = asyncio.Event()
    update = store.customers.update_customer

    async def slow_update(*args, **kwargs):  # type: ignore[no-untyped-def]
        await gate.wait()  # the save is under way until the test lets it finish
        return await update(*args, **kwargs)

    monkeypatch.setattr(store.customers, "update_customer", slow_update)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm)
                       and app.screen.is_mounted, what="the form")
        form = app.screen
        form.query_one("#cf-company", Input).value = "Bianchi Srl"
        await pilot.press("ctrl+s", "f9", *"Double")
        # a slow store: longer than keys wait for a screen being built (HOLD_AT_MOST, 2 s)
        await pilot.pause(2.5)
        gate.set()
        await wait_for(pilot, lambda: not isinstance(app.screen, CustomerForm), what="saved")
        await wait_for(pilot, lambda: bool(screen.query("#ticket")), what="the editor built")
        editor = screen.query_one("#ticket")
        await wait_for(pilot, lambda: "Double" in editor.values()["subject"],  # type: ignore[attr-defined]
                       what="the subject typed", timeout=5)
    # stored as typed, with nothing of what followed in it
    assert (await store.customers.get_customer(screen.customer.id)).company == "Bianchi Srl"
