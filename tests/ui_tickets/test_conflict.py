"""Saving over a ticket another console changed meanwhile: the conflict dialog's three ways.

The "other operator" is a second SqliteBackend on the same file, as a second console would be.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, TextArea

from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges, TicketDraft
from backends.tickets.models import EntryKind, TicketPriority
from screens.tickets.conflict_dialog import ConflictDialog, FieldChoice
from tests.ui_tickets.harness import EditorApp, until


async def _edit_meanwhile(store: Backend, other: Backend, tmp_path: Path,
                          keys: list[str]) -> tuple[EditorApp, int]:
    """I change subject + priority and write a note; they change subject + status + assignee;
    I save, the dialog opens, `keys` answer it."""
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Printer jams", tags=["office"]))
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "ticket loaded")
        editor.query_one("#subject", Input).value = "Printer jams on tray 2"
        editor.query_one("#priority", Select).value = "urgent"
        editor.query_one("#note", TextArea).insert("Customer tried another paper")

        await other.tickets.update_ticket(ticket.id, ticket.version, TicketChanges(
            subject="Printer jam (known issue)", status="open", assignee="luca"))

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog), "dialog shown")
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        rows = {row.field_name: row for row in dialog.query(FieldChoice)}
        assert set(rows) == {"subject", "category", "priority", "status", "tier", "assignee",
                             "tags"}
        # defaults: my edits on my side, theirs elsewhere
        assert rows["subject"].pick == "mine" and rows["priority"].pick == "mine"
        assert rows["status"].pick == "theirs" and rows["assignee"].pick == "theirs"
        assert (rows["subject"].theirs, rows["subject"].mine) == (
            "Printer jam (known issue)", "Printer jams on tray 2")
        assert app.focused is rows["subject"]  # the first field that differs
        await pilot.press(*keys)
        await until(pilot, lambda: not isinstance(app.screen, ConflictDialog), "dialog closed")
        await until(pilot, lambda: app.messages, "saved")
    return app, ticket.id


async def _my_note_kept(store: Backend, ticket_id: int) -> None:
    entries = await store.tickets.list_ticket_entries(ticket_id)
    assert [(e.kind, e.body) for e in entries] == [(EntryKind.NOTE,
                                                    "Customer tried another paper")]


async def test_keep_theirs(store: Backend, other: Backend, tmp_path: Path) -> None:
    app, ticket_id = await _edit_meanwhile(store, other, tmp_path, ["t"])
    stored = await store.tickets.get_ticket(ticket_id)
    assert stored.subject == "Printer jam (known issue)"
    assert stored.priority is TicketPriority.NORMAL
    assert (stored.status.value, stored.assignee, stored.tags) == ("open", "luca", ["office"])
    assert stored.version == 2  # their save only
    await _my_note_kept(store, ticket_id)
    assert not app.store.pending()


async def test_keep_mine_reapplies_my_changes_on_their_version(
        store: Backend, other: Backend, tmp_path: Path) -> None:
    app, ticket_id = await _edit_meanwhile(store, other, tmp_path, ["m"])
    stored = await store.tickets.get_ticket(ticket_id)
    assert stored.subject == "Printer jams on tray 2"  # mine
    assert stored.priority is TicketPriority.URGENT  # mine
    assert (stored.status.value, stored.assignee) == ("open", "luca")  # theirs, untouched by me
    assert stored.version == 3
    await _my_note_kept(store, ticket_id)
    assert not app.store.pending()


async def test_merge_field_by_field(store: Backend, other: Backend, tmp_path: Path) -> None:
    # keyboard only: subject → theirs, down to assignee (5 rows) → mine, space on tags
    # (toggles to mine), Enter merges; priority keeps its default (mine)
    app, ticket_id = await _edit_meanwhile(
        store, other, tmp_path, ["left", *["down"] * 5, "right", "down", "space", "enter"])
    stored = await store.tickets.get_ticket(ticket_id)
    assert stored.subject == "Printer jam (known issue)"
    assert stored.priority is TicketPriority.URGENT
    assert stored.status.value == "open"
    assert stored.assignee is None
    assert stored.tags == ["office"]  # mine, which equals theirs here
    assert stored.version == 3
    await _my_note_kept(store, ticket_id)
    assert not app.store.pending()


async def test_escape_goes_back_to_editing_and_keeps_everything(
        store: Backend, other: Backend, tmp_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Printer jams"))
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "ticket loaded")
        editor.query_one("#subject", Input).value = "Mine"
        editor.query_one("#note", TextArea).insert("my note")
        await other.tickets.update_ticket(
            ticket.id, ticket.version, TicketChanges(subject="Theirs")
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog), "dialog shown")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ConflictDialog), "closed")
        await app.workers.wait_for_complete()
        assert editor.values()["subject"] == "Mine" and editor.note_text == "my note"
    assert (await store.tickets.get_ticket(ticket.id)).subject == "Theirs"
    assert await store.tickets.list_ticket_entries(ticket.id) == []
    # what I typed is still on disk for later
    draft = app.store.load(f"ticket-{ticket.id}")
    assert draft is not None and draft.note == "my note" and draft.fields["subject"] == "Mine"
