"""A ticket save is one backend operation: the changed fields and the note typed with them go
in one `save_ticket` (also after the conflict dialog), which answers with the entries too, so
no second request can be lost half way. Real SQLite files; the backend only records what the
editor calls."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges, TicketDraft
from backends.tickets.models import EntryKind
from screens.tickets.conflict_dialog import ConflictDialog
from tests.ui.helpers import RecordingBackend
from tests.ui_tickets.harness import EditorApp, until

# the separate steps a save used to take
PIECEMEAL = {"update_ticket", "add_ticket_entry", "list_ticket_entries"}


async def test_fields_and_note_are_one_save(store: Backend, tmp_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Printer jams"))
    recording = RecordingBackend(store)
    app = EditorApp(recording.as_backend(), tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "ticket loaded")
        recording.called.clear()
        editor.query_one("#subject", Input).value = "Printer jams on tray 2"
        editor.query_one("#note", TextArea).insert("Customer tried another paper")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.messages, "saved")
        assert recording.called == ["save_ticket"]
        assert [e.body for e in editor.entries] == ["Customer tried another paper"]
        assert editor.note_text == "" and editor.base_version == ticket.version + 1
    stored = await store.tickets.get_ticket(ticket.id)
    assert stored.subject == "Printer jams on tray 2" and stored.version == ticket.version + 1
    entries = await store.tickets.list_ticket_entries(ticket.id)
    assert [(e.kind, e.body) for e in entries] == [(EntryKind.NOTE,
                                                    "Customer tried another paper")]


async def test_a_note_alone_is_one_save_without_a_version_check(
        store: Backend, other: Backend, tmp_path: Path) -> None:
    """No field changed: the note is added even if somebody saved the ticket meanwhile (no
    conflict dialog for a note, as before), and the editor shows their version."""
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Printer jams"))
    recording = RecordingBackend(store)
    app = EditorApp(recording.as_backend(), tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "ticket loaded")
        await other.tickets.update_ticket(
            ticket.id, ticket.version, TicketChanges(subject="Theirs")
        )
        recording.called.clear()
        editor.query_one("#note", TextArea).insert("just a note")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.messages or isinstance(app.screen, ConflictDialog),
                    "saved or conflict")
        assert not isinstance(app.screen, ConflictDialog)
        assert recording.called == ["save_ticket"]
        assert editor.query_one("#subject", Input).value == "Theirs"
    assert [e.body for e in await store.tickets.list_ticket_entries(ticket.id)] == ["just a note"]


async def test_after_the_conflict_dialog_the_save_is_still_one_operation(
        store: Backend, other: Backend, tmp_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Printer jams"))
    recording = RecordingBackend(store)
    app = EditorApp(recording.as_backend(), tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "ticket loaded")
        editor.query_one("#subject", Input).value = "Mine"
        editor.query_one("#note", TextArea).insert("my note")
        await other.tickets.update_ticket(
            ticket.id, ticket.version, TicketChanges(subject="Theirs")
        )
        recording.called.clear()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog), "dialog shown")
        # the refused save wrote nothing: not the note either
        assert await store.tickets.list_ticket_entries(ticket.id) == []
        await pilot.press("m")  # keep mine
        await until(pilot, lambda: app.messages, "saved")
        assert recording.called == ["save_ticket", "save_ticket"]
    stored = await store.tickets.get_ticket(ticket.id)
    assert stored.subject == "Mine" and stored.version == ticket.version + 2
    assert [e.body for e in await store.tickets.list_ticket_entries(ticket.id)] == ["my note"]
