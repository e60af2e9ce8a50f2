"""Regression tests for review findings: widget keys in the keymap, help and palette; warm
transfer offers that survive a failed load; permanent start-up errors; one customer per form;
worker failures made visible; translated state words; literal disposition codes. All on real
SQLite files; the two fault-injection tests say so in their docstring."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from backends.errors import Unavailable
from backends.people.models import Disposition, Presence
from screens import keymap
from screens.calls.wrapup_dialog import WrapUpDialog
from screens.commands import ConsoleCommands
from screens.customers.customer_form import CustomerForm
from screens.help_screen import HelpScreen
from tests.ui.helpers import (
    make_app,
    queue_ids,
    screen_text,
    seed_basic,
    shows,
    sqlite_backend,
    started,
    wait_for,
)

WIDGET_IDS = {spec.id for specs in keymap.widget_keys().values() for spec in specs}


def customer_view(screen: Any) -> Any:
    """The 360 view; the main screen may build it only when first needed."""
    build = getattr(screen, "customer_view", None)
    return build() if build is not None else screen.query_one("#customer")


def messages(app: Any) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def test_ticket_keys_remap_and_run_from_help_and_palette(store, tmp_path: Path) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path, keymap={"ticket.save": "f11", "transfer.queue": "ctrl+k"})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        assert not [m for m in messages(app) if "binding id" in m], messages(app)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        await pilot.press("f9")
        editor = screen.query_one("#ticket")
        await wait_for(pilot, lambda: getattr(editor, "call", None) is not None
                       and isinstance(app.focused, Input), what="editor for the call")
        await pilot.pause(0.2)
        await pilot.press(*"Remapped save")
        await pilot.press("f11")  # the remapped ticket.save
        await wait_for(pilot, lambda: screen.ticket_id is not None, what="saved with F11")
        assert (await store.tickets.get_ticket(screen.ticket_id)).subject == "Remapped save"

        hits = [hit async for hit in ConsoleCommands(screen).discover()]
        assert {hit.help for hit in hits} >= WIDGET_IDS
        await pilot.press("ctrl+p")  # the palette runs "add note" on the editor itself
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="palette")
        await pilot.press(*"internal note")
        found = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: found.option_count > 0
                       and found.highlighted is not None, what="palette hits")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Write the note first" in messages(app),
                       what="the editor's add-note ran")

        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        rows = {row.value for row in app.screen.query_one("DataTable").rows}
        assert set(keymap.every_key()) <= rows
        assert {"group-screen", "group-ticket", "group-transfer"} <= rows
        await shows(pilot, "f11", "Ticket editor", "Transfer", "ctrl+f")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="help closed")
        await pilot.press("ctrl+f")  # new_customer moved off ctrl+n (the editor's add note)
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="form")


async def test_palette_hides_editor_entries_while_a_placeholder_holds_the_slot(
        tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    app = make_app(sqlite_backend(blocker / "console.db"), tmp_path, opened=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "OFFLINE" in screen_text(app), what="offline")
        hits = [hit async for hit in ConsoleCommands(app.screen).discover()]
        ids = {hit.help for hit in hits}
        assert "pause" in ids
        assert not ids & WIDGET_IDS


async def test_a_warm_offer_whose_load_failed_is_offered_again(store, tmp_path: Path,
                                                               monkeypatch) -> None:
    """Fault injection (nothing real fails on demand): the console's first get_call raises
    Unavailable; everything else is the real SQLite store."""
    from backends.transfers.inputs import TransferDraft
    from backends.transfers.models import TransferKind
    from screens.transfers.transfer_offer import TransferOfferDialog

    await seed_basic(store)
    real_get_call = store.calls.get_call
    failures = []

    async def flaky_get_call(call_id: int) -> Any:
        if not failures:
            failures.append(call_id)
            raise Unavailable("the store did not answer")
        return await real_get_call(call_id)

    other = sqlite_backend(tmp_path / "console.db")
    await other.open()
    try:
        app = make_app(store, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot)
            monkeypatch.setattr(store.calls, "get_call", flaky_get_call)
            call = await other.calls.claim_call(None, "bruno")
            await other.transfers.create_transfer(TransferDraft(
                call_id=call.id, from_operator="bruno", target="anna", kind=TransferKind.WARM))
            await wait_for(pilot, lambda: failures, what="the failed load")
            screen.transfer_offers.check()  # what the next transfer event would do
            await wait_for(pilot, lambda: isinstance(app.screen, TransferOfferDialog),
                           what="the offer shown after all")
    finally:
        await other.close()


async def test_another_programs_database_stops_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "foreign.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    app = make_app(sqlite_backend(path), tmp_path, opened=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for(pilot, lambda: "Cannot start" in screen_text(app), what="banner")
        screen = app.screen
        banner = str(screen.query_one("#banner").render())
        assert "another program" in banner
        assert "retrying" not in banner
        assert screen.start_up.failures == 0  # no retry scheduled
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "another program" in str(errors[0].message)
        assert not screen.ready


async def test_enter_twice_in_the_new_customer_form_stores_one_customer(
        store, tmp_path: Path, monkeypatch) -> None:
    """Fault injection: the store's answer to create_customer is held back after the real
    write (a slow link), so the second Enter surely arrives while the first is in flight."""
    real_create = store.customers.create_customer
    written, release = asyncio.Event(), asyncio.Event()

    async def slow_answer(draft: Any) -> Any:
        customer = await real_create(draft)
        written.set()
        await release.wait()
        return customer

    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        monkeypatch.setattr(store.customers, "create_customer", slow_answer)
        screen.action_new_customer()
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="form")
        await pilot.press(*"Dora Neri", "enter")
        await wait_for(pilot, written.is_set, what="first write stored")
        await pilot.press("enter")  # the second Enter while the first is in flight
        await pilot.pause(0.2)
        release.set()
        await wait_for(pilot, lambda: screen.customer is not None, what="customer created")
        await pilot.pause(0.3)
        found = await store.customers.search_customers("Dora Neri")
        assert [c.name for c in found] == ["Dora Neri"]


async def test_an_unexpected_worker_failure_is_reported(store, tmp_path: Path,
                                                        monkeypatch) -> None:
    """Fault injection: list_tickets raises a non-backend error (a programming error cannot
    be produced on demand otherwise); the customer read itself is the real store."""
    people = await seed_basic(store)

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("index out of step")

    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        monkeypatch.setattr(store.tickets, "list_tickets", broken)
        customer_view(screen).show_customer(people["maria"].id)
        await wait_for(pilot, lambda: any("index out of step" in m for m in messages(app)),
                       what="the failure reported")


async def test_call_states_are_words_and_codes_are_literal(store, tmp_path: Path) -> None:
    people = await seed_basic(store)
    await store.people.upsert_disposition(
        Disposition(code="[@click=app.quit]", label="Odd [b]code")
    )
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        await pilot.press("f7")
        await wait_for(pilot, lambda: screen.call.state.value == "on_hold", what="on hold")
        view = customer_view(screen)
        view.show_customer(people["luca"].id)
        recent = view.query_one("#cv-calls")
        await wait_for(pilot, lambda: "on hold" in str(recent.render()), what="state word")
        assert "on_hold" not in str(recent.render())
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        await shows(pilot, "[@click=app.quit]", "Odd [b]code")
        codes = [item.code for item in app.screen._codes]
        app.screen.query_one("#wrapup-options").highlighted = codes.index("[@click=app.quit]")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.operator.presence is Presence.AVAILABLE,
                       what="wrap-up done")
        assert app.is_running
        # the wrap-up message names the outcome by its label, shown literally (not as markup)
        assert any("Odd [b]code" in m for m in messages(app))
