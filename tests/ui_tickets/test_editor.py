"""Ticket editor workflows through the keyboard, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, TextArea

from backends.protocol import Backend
from backends.tickets.inputs import TicketDraft
from backends.tickets.models import EntryKind, TicketStatus
from tests.ui_tickets.harness import EditorApp, seed_call, until


async def test_ticket_from_call_links_customer_and_call_and_stores_first_note(
        store: Backend, tmp_path: Path) -> None:
    call, customer = await seed_call(store)
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.new_from_call(call, customer)
        await pilot.pause()
        subject = editor.query_one("#subject", Input)
        assert app.focused is subject
        assert subject.value == "Call from Mario Rossi"
        # the prefilled subject is selected: typing replaces it
        await pilot.press(*"Invoice wrong")
        assert subject.value == "Invoice wrong"
        editor.query_one("#note", TextArea).insert("Customer says invoice 42 is doubled")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.messages, "ticket saved")

    ticket = app.messages[-1].ticket
    stored = await store.tickets.get_ticket(ticket.id)
    assert stored.subject == "Invoice wrong"
    assert stored.customer_id == customer.id
    assert call.id in stored.call_ids
    assert ticket.id in (await store.calls.get_call(call.id)).ticket_ids
    entries = await store.tickets.list_ticket_entries(ticket.id)
    assert [(e.kind, e.author, e.body) for e in entries] == [
        (EntryKind.NOTE, "anna", "Customer says invoice 42 is doubled")]
    assert not app.store.pending(), "the draft is removed after saving"


async def test_minimal_keys_ticket_from_call(store: Backend, tmp_path: Path) -> None:
    """Editor opened by the main screen (1 key there), then typing + ctrl+s: 2 keys in all."""
    call, customer = await seed_call(store)
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.new_from_call(call, customer)
        await pilot.press(*"No signal", "ctrl+s")
        await until(pilot, lambda: app.messages, "ticket saved")
    stored = await store.tickets.get_ticket(app.messages[-1].ticket.id)
    assert stored.subject == "No signal" and call.id in stored.call_ids


async def test_edit_fields_entries_and_escalate_up_to_tier_three(
        store: Backend, tmp_path: Path) -> None:
    call, customer = await seed_call(store)
    ticket = await store.tickets.create_ticket(
        TicketDraft(subject="Router broken", customer_id=customer.id, call_id=call.id)
    )
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "ticket loaded")
        editor.query_one("#priority", Select).value = "high"
        editor.query_one("#status", Select).value = "pending"
        editor.query_one("#assignee", Input).value = "luca"
        editor.query_one("#tags", Input).value = "router, fibre"
        editor.query_one("#category", Select).value = "technical"
        editor.query_one("#note", TextArea).insert("Checked the line")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(app.messages) == 1, "saved")
        stored = await store.tickets.get_ticket(ticket.id)
        assert (stored.priority.value, stored.status, stored.assignee, stored.tags,
                stored.category.value) == ("high", TicketStatus.PENDING, "luca",
                                           ["router", "fibre"], "technical")
        assert stored.version == ticket.version + 1
        # a reply, then a note, through their own keys
        editor.query_one("#note", TextArea).insert("We will call you back")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(app.messages) == 2, "reply added")
        editor.query_one("#note", TextArea).insert("Internal: line tested")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: len(app.messages) == 3, "note added")
        assert editor.note_text == ""
        # escalate 1 → 2 → 3, then the backend refuses and the operator is told
        await pilot.press("ctrl+t")
        await until(pilot, lambda: len(app.messages) == 4, "escalated to 2")
        await pilot.press("ctrl+t")
        await until(pilot, lambda: len(app.messages) == 5, "escalated to 3")
        assert editor.query_one("#tier", Select).value == "3"
        await pilot.press("ctrl+t")
        await until(pilot, lambda: any(s == "error" for s, _m in app.notes), "refused")
        errors = [m for s, m in app.notes if s == "error"]
        assert "tier" in errors[-1] and "highest tier" in errors[-1]

    stored = await store.tickets.get_ticket(ticket.id)
    assert stored.tier == 3
    entries = await store.tickets.list_ticket_entries(ticket.id)
    kinds = [(e.kind, e.body) for e in entries]
    assert kinds[:3] == [(EntryKind.NOTE, "Checked the line"),
                         (EntryKind.REPLY, "We will call you back"),
                         (EntryKind.NOTE, "Internal: line tested")]
    assert [k for k, _b in kinds[3:]] == [EntryKind.SYSTEM, EntryKind.SYSTEM]
    assert stored.status is TicketStatus.PENDING  # escalating did not undo my status edit


async def test_invalid_field_is_named_and_nothing_is_lost(store: Backend, tmp_path: Path) -> None:
    call, customer = await seed_call(store)
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.new_from_call(call, customer)
        editor.query_one("#subject", Input).value = "   "
        editor.query_one("#note", TextArea).insert("keep me")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any(s == "error" for s, _m in app.notes), "refused")
        assert [m for s, m in app.notes if s == "error"][-1].startswith("Subject: ")
        assert editor.note_text == "keep me" and editor.ticket is None
    assert await store.tickets.list_tickets() == []


async def test_editor_keys_are_remappable_by_id(store: Backend, tmp_path: Path) -> None:
    call, customer = await seed_call(store)
    app = EditorApp(store, tmp_path / "drafts")
    app.set_keymap({"ticket.save": "ctrl+y"})
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.new_from_call(call, customer)
        await pilot.press(*"Remapped", "ctrl+s", "ctrl+y")
        await until(pilot, lambda: app.messages, "saved with the remapped key")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # one save only: ctrl+s no longer saves (a second save would post Saved again)
        assert len(app.messages) == 1
    assert (await store.tickets.get_ticket(app.messages[-1].ticket.id)).subject == "Remapped"


async def test_oversized_note_is_refused_by_name_and_kept(store: Backend, tmp_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Long story"))
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        editor.query_one("#note", TextArea).insert("x" * 100_001)
        for key in ("ctrl+n", "ctrl+s"):
            await pilot.press(key)
            await until(pilot, lambda k=key: len([m for s, m in app.notes if s == "error"])
                        == (1 if k == "ctrl+n" else 2), f"refused on {key}")
        assert all(m.startswith("Text: ") for s, m in app.notes if s == "error")
        assert len(editor.note_text) == 100_001
    assert await store.tickets.list_ticket_entries(ticket.id) == []
