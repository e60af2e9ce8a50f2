"""Writes happen once, a half-finished save does not turn into a conflict with myself, worker
failures are shown, and drafts stay with the operator who wrote them. Real SQLite files."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.widgets import Input, TextArea

from backends.protocol import Backend
from backends.tickets.inputs import TicketDraft
from backends.transfers.models import TransferKind, TransferStatus
from screens.tickets.conflict_dialog import ConflictDialog
from screens.tickets.draft_recovery import DraftRecoveryDialog
from screens.tickets.drafts import Draft, DraftStore
from tests.domain_proxy import attribute_through
from tests.ui_tickets.harness import (
    HOSTILE,
    EditorApp,
    PanelApp,
    seed_call,
    seed_directory,
    until,
)


def _errors(app: EditorApp) -> list[str]:
    return [message for severity, message in app.notes if severity == "error"]


class _Held:
    """The real SQLite backend, except that `method` holds its answer until released: the
    write is committed but the console has not heard back yet, the moment a second key press
    used to cancel the worker and write again. Only the timing is staged here."""

    def __init__(self, backend: Backend, method: str) -> None:
        self._backend = backend
        self._method = method
        self.reached = asyncio.Event()
        self.release = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return attribute_through(self._backend, name, self._held)

    def _held(self, name: str, real: Any) -> Any:
        if name != self._method:
            return real

        async def held(*args: Any, **kwargs: Any) -> Any:
            result = await real(*args, **kwargs)
            self.reached.set()
            await self.release.wait()
            return result

        return held


async def _second_press_while_writing(pilot: Any, held: _Held, key: str) -> None:
    await pilot.press(key)
    await until(pilot, held.reached.is_set, "first write committed")
    await pilot.press(key)
    await pilot.pause()
    held.release.set()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_save_pressed_twice_creates_one_ticket(store: Backend, tmp_path: Path) -> None:
    call, customer = await seed_call(store)
    held = _Held(store, "create_ticket")
    app = EditorApp(held, tmp_path / "drafts")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.new_from_call(call, customer)
        await pilot.press(*"Double")
        await _second_press_while_writing(pilot, held, "ctrl+s")
        assert len(app.messages) == 1
    assert [t.subject for t in await store.tickets.list_tickets()] == ["Double"]


async def test_note_pressed_twice_adds_one_entry(store: Backend, tmp_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Once"))
    held = _Held(store, "add_ticket_entry")
    app = EditorApp(held, tmp_path / "drafts")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        editor.query_one("#note", TextArea).insert("only once")
        await _second_press_while_writing(pilot, held, "ctrl+n")
    assert [e.body for e in await store.tickets.list_ticket_entries(ticket.id)] == ["only once"]


async def test_announced_transfer_pressed_twice_offers_once(store: Backend,
                                                            tmp_path: Path) -> None:
    await seed_directory(store)
    call, _customer = await seed_call(store)
    held = _Held(store, "create_transfer")
    app = PanelApp(held, tmp_path / "drafts")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.set_call(call, None)
        await pilot.press(*"luca")
        await until(pilot, lambda: panel.shown_query == "luca", "filtered")
        await _second_press_while_writing(pilot, held, "ctrl+o")
        shown = panel.pending
        assert not _errors(app), _errors(app)  # the second press was ignored, not refused
    transfers = await store.transfers.list_transfers(call_id=call.id)
    assert [(t.kind, t.status) for t in transfers] == [(TransferKind.WARM,
                                                        TransferStatus.OFFERED)]
    assert shown is not None and shown.id == transfers[0].id  # the panel waits for its answer


async def test_refused_note_saves_nothing_and_the_next_save_stores_both(
        store: Backend, tmp_path: Path) -> None:
    """The note is refused (over 100,000 characters): the fields and the note are one save, so
    nothing is stored and the edits stay in the form; the next save stores both, from the
    version the edits started from (no conflict with myself)."""
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Before"))
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        editor.query_one("#subject", Input).value = "After"
        note = editor.query_one("#note", TextArea)
        note.insert("x" * 100_001)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: _errors(app), "note refused")
        assert await store.tickets.get_ticket(ticket.id) == ticket  # not half saved
        assert await store.tickets.list_ticket_entries(ticket.id) == []
        assert editor.query_one("#subject", Input).value == "After"  # still in the form
        note.load_text("a short note")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.messages or isinstance(app.screen, ConflictDialog),
                    "saved or conflict")
        assert not isinstance(app.screen, ConflictDialog)
        assert editor.base_version == (await store.tickets.get_ticket(ticket.id)).version
    stored = await store.tickets.get_ticket(ticket.id)
    assert stored.subject == "After" and stored.version == ticket.version + 1
    assert [e.body for e in await store.tickets.list_ticket_entries(ticket.id)] == ["a short note"]


class _Failing:
    """The real SQLite backend with one method failing in a way no BackendError covers (a bug
    in a backend): nothing real can be made to fail like that on demand, hence this wrapper."""

    def __init__(self, backend: Backend, method: str) -> None:
        self._backend = backend
        self._method = method

    def __getattr__(self, name: str) -> Any:
        return attribute_through(self._backend, name, self._broken)

    def _broken(self, name: str, real: Any) -> Any:
        if name == self._method:
            async def broken(*args: Any, **kwargs: Any) -> Any:
                raise RuntimeError("boom " + HOSTILE)
            return broken
        return real


async def test_unexpected_worker_failure_in_the_editor_is_reported(
        store: Backend, tmp_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Fine"))
    app = EditorApp(_Failing(store, "get_ticket"), tmp_path / "drafts")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.open_ticket(ticket.id)
        await until(pilot, lambda: _errors(app), "failure reported")
        assert app.is_running
    message = _errors(app)[-1]
    assert "boom" in message and "\x1b" not in message and "\u202e" not in message


async def test_unexpected_worker_failure_in_the_transfer_panel_is_reported(
        store: Backend, tmp_path: Path) -> None:
    app = PanelApp(_Failing(store, "list_directory"), tmp_path / "drafts")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: _errors(app), "failure reported")
        assert app.is_running
    assert "boom" in _errors(app)[-1] and "\x1b" not in _errors(app)[-1]


def test_pending_drafts_by_operator(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d")
    store.save(Draft(ticket_id=1, operator="anna", fields={"subject": "a"}))
    store.save(Draft(ticket_id=2, operator="bruno", fields={"subject": "b"}))
    store.save(Draft(ticket_id=3, fields={"subject": "unsigned"}))
    assert sorted(d.key for d in store.pending()) == ["ticket-1", "ticket-2", "ticket-3"]
    assert sorted(d.key for d in store.pending(operator="bruno")) == ["ticket-2", "ticket-3"]
    dialog = DraftRecoveryDialog(store.pending(), store, operator="anna")
    assert sorted(d.key for d in dialog.drafts) == ["ticket-1", "ticket-3"]


async def test_editor_does_not_restore_another_operators_draft(store: Backend,
                                                               tmp_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Shared"))
    drafts = tmp_path / "drafts"
    DraftStore(drafts).save(Draft(ticket_id=ticket.id, operator="anna", base_version=1,
                                  fields={"subject": "anna's edit"}, note="anna's note"))
    app = EditorApp(store, drafts, operator="bruno")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        await pilot.pause()
        assert editor.query_one("#subject", Input).value == "Shared"
        assert editor.note_text == ""
        assert editor.pending_drafts() == []
