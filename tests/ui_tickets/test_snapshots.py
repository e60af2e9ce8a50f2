"""Looks: the editor in the right-hand pane of an 80x24 console, and the conflict dialog.

Deterministic: data seeded into a fresh SQLite file, entry times frozen, no cursor blink.
Update the baselines with `pytest tests/ui_tickets --snapshot-update` after checking them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Select, Static, TextArea

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges, TicketDraft, TicketEntryDraft
from screens.tickets import ticket_view
from screens.tickets.conflict_dialog import ConflictDialog
from screens.tickets.drafts import DraftStore
from screens.tickets.ticket_editor import TicketEditor
from tests.ui_tickets.harness import no_blink, sqlite_backend, until


async def _seed(path: Path) -> int:
    backend = sqlite_backend(path)
    await backend.open()
    try:
        customer = await backend.customers.create_customer(CustomerDraft(
            name="Mario Rossi", company="Rossi Srl", phones=["+39 02 1234567"], tags=["VIP"]))
        call = await backend.calls.create_call(CallDraft(caller="+39021234567",
                                                         customer_id=customer.id))
        ticket = await backend.tickets.create_ticket(TicketDraft(
            subject="Invoice 2024/117 charged twice", customer_id=customer.id, call_id=call.id,
            category="administrative", priority="high", body="Customer sees two debits of "
            "120 EUR on 3 March. Asked for the bank statement.", author="anna",
            tags=["billing"]))
        await backend.tickets.add_ticket_entry(ticket.id, TicketEntryDraft(
            kind="reply", author="anna", body="We are checking with accounting."))
        return ticket.id
    finally:
        await backend.close()


class ConsoleLikeApp(App[None]):
    """A stand-in for the main screen's layout: a 30-column left pane, the editor on the
    right, a footer. The backend is opened inside the app's own event loop."""

    CSS = "#left { width: 30; border-right: solid $panel; }"

    def __init__(self, db: Path, drafts: Path) -> None:
        super().__init__()
        self.backend: Backend = sqlite_backend(db)
        self.drafts = DraftStore(drafts)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("Queue\n(main screen)", id="left")
            yield TicketEditor(self.backend.tickets, self.backend.calls, self.backend.customers,
                               "anna", self.drafts, id="editor")
        yield Footer()

    async def on_load(self) -> None:
        await self.backend.open()

    async def on_unmount(self) -> None:
        await self.backend.close()


@pytest.fixture
def frozen_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ticket_view, "format_time", lambda moment: "03/03 09:30")


def test_editor_in_the_right_pane(snap_compare: Any, tmp_path: Path, frozen_time: None) -> None:
    db = tmp_path / "snap.db"
    ticket_id = asyncio.run(_seed(db))
    app = ConsoleLikeApp(db, tmp_path / "drafts")

    async def open_it(pilot: Pilot[None]) -> None:
        editor = app.query_one(TicketEditor)
        await editor.open_ticket(ticket_id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        editor.query_one("#note", TextArea).insert("Accounting confirms the double debit")
        no_blink(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_it)


def test_conflict_dialog(snap_compare: Any, tmp_path: Path, frozen_time: None) -> None:
    db = tmp_path / "snap.db"
    ticket_id = asyncio.run(_seed(db))
    app = ConsoleLikeApp(db, tmp_path / "drafts")

    async def conflict(pilot: Pilot[None]) -> None:
        editor = app.query_one(TicketEditor)
        await editor.open_ticket(ticket_id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        assert editor.ticket is not None
        # focus where an operator's edit leaves it, before the dialog takes it: otherwise the
        # subject's cursor behind the dialog depended on when the editor's own focus landed
        editor.query_one("#subject", Input).focus()
        await pilot.pause()
        editor.query_one("#subject", Input).value = "Invoice 2024/117 charged twice: refund"
        editor.query_one("#priority", Select).value = "urgent"
        editor.query_one("#note", TextArea).insert("Refund approved by Luca")
        no_blink(app)
        await pilot.pause()  # the editor behind the dialog is painted with my edits first
        other = sqlite_backend(db)
        await other.open()
        try:
            await other.tickets.update_ticket(ticket_id, editor.ticket.version, TicketChanges(
                subject="Double charge, invoice 2024/117", status="open", assignee="luca"))
        finally:
            await other.close()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog), "dialog")
        no_blink(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=conflict)
