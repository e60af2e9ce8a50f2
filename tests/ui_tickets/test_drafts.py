"""Drafts: autosave, survival across switching tickets and a killed console, recovery at start,
and untrusted / corrupt draft files."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from backends.protocol import Backend
from backends.tickets.inputs import TicketDraft
from screens.tickets.draft_recovery import DraftRecoveryDialog
from screens.tickets.drafts import Draft, DraftStore
from tests.ui_tickets.harness import HOSTILE, EditorApp, until

ROOT = Path(__file__).resolve().parents[2]


def test_store_round_trip_and_atomic_replace(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d")
    store.save(Draft(ticket_id=3, fields={"subject": "one"}, note="n1"))
    store.save(Draft(ticket_id=3, fields={"subject": "two"}, note="n2"))
    # a second store on the same folder (a restarted console) sees the latest version only
    again = DraftStore(tmp_path / "d")
    pending = again.pending()
    assert [(d.key, d.fields["subject"], d.note) for d in pending] == [("ticket-3", "two", "n2")]
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["ticket-3.json"]  # no temp
    again.discard("ticket-3")
    assert again.pending() == [] and again.load("ticket-3") is None


def test_corrupt_and_foreign_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    store = DraftStore(folder)
    store.save(Draft(call_id=8, fields={"subject": "good"}))
    (folder / "ticket-1.json").write_text("{not json")
    (folder / "ticket-2.json").write_text(json.dumps({"ticket_id": "two"}))
    (folder / "ticket-3.json").write_text(json.dumps({"ticket_id": 4}))  # lies about its key
    (folder / "ticket-5.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "notes.json").write_text("{}")  # not a draft at all: ignored
    pending = store.pending()
    assert [d.key for d in pending] == ["call-8"]
    assert sorted(name for name, _why in store.problems) == [
        "ticket-1.json", "ticket-2.json", "ticket-3.json", "ticket-5.json"]
    with pytest.raises(ValueError):
        store.load("../../etc/passwd")


# a draft file as the pydantic model wrote it (model_dump_json(indent=1)), before drafts were
# dataclasses: it must still load, and a draft saved now must be the same bytes
TODAYS_FORMAT = (
    '{\n "ticket_id": 12,\n "call_id": null,\n "customer_id": null,\n "base_version": 3,\n'
    ' "operator": "anna",\n "fields": {\n  "subject": "Stampante \\u001b[31m \u00e9 \U0001f389",\n'
    '  "queue": null\n },\n "base": {\n  "subject": "Stampante"\n },\n'
    ' "note": "riga 1\\nriga 2\\t\\"citata\\" \\\\ \u2028",\n'
    ' "saved_at": "2026-12-07T10:15:30.120000Z"\n}')


def test_a_draft_file_in_the_format_written_before_loads_and_saves_the_same(
        tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ticket-12.json").write_text(TODAYS_FORMAT, encoding="utf-8")
    store = DraftStore(folder)
    draft = store.load("ticket-12")
    assert draft is not None and not store.problems
    assert (draft.ticket_id, draft.base_version, draft.operator) == (12, 3, "anna")
    assert draft.fields == {"subject": "Stampante \x1b[31m é 🎉", "queue": None}
    assert draft.base == {"subject": "Stampante"}
    assert draft.note == 'riga 1\nriga 2\t"citata" \\ \u2028'
    assert draft.saved_at == datetime(2026, 12, 7, 10, 15, 30, 120000, tzinfo=UTC)
    (folder / "ticket-12.json").unlink()
    store.save(draft)
    assert (folder / "ticket-12.json").read_text(encoding="utf-8") == TODAYS_FORMAT


@pytest.mark.parametrize(
    ("content", "why"),
    [({"ticket_id": 4, "operator": "o" * 41}, "operator: at most 40 characters"),
     ({"ticket_id": 4, "note": "n" * 400_001}, "note: at most 400000 characters"),
     ({"ticket_id": 4, "note": 7}, "note: must be text"),
     ({"ticket_id": 4, "fields": {"subject": 1}}, "fields: every value must be text or null"),
     ({"ticket_id": 4, "base": ["subject"]}, "base: must be an object"),
     ({"ticket_id": 4, "saved_at": "yesterday"}, "saved_at: is not a date and time"),
     ({"ticket_id": True}, "ticket_id: must be a whole number"),
     ({"ticket_id": "4"}, "ticket_id: must be a whole number"),
     (["ticket_id", 4], "not a JSON object"),
     ({"note": "whose?"}, "a draft belongs to a ticket, a call or a customer")],
)
def test_a_draft_file_of_the_wrong_shape_is_skipped_with_why(tmp_path: Path, content: object,
                                                             why: str) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ticket-4.json").write_text(json.dumps(content), encoding="utf-8")
    store = DraftStore(folder)
    assert store.pending() == []
    assert store.problems == [("ticket-4.json", why)]


def test_odd_but_readable_draft_files_load(tmp_path: Path) -> None:
    """Keys a draft does not know are ignored; a time without a zone is UTC (as the stores
    keep it), so it sorts with the others instead of breaking the list."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ticket-1.json").write_text(json.dumps(
        {"ticket_id": 1, "from_a_newer_version": [1, 2], "saved_at": "2026-12-07T09:00:00"}))
    (folder / "ticket-2.json").write_text(json.dumps(
        {"ticket_id": 2, "saved_at": "2026-12-07T11:00:00+02:00"}))
    store = DraftStore(folder)
    assert [d.key for d in store.pending()] == ["ticket-1", "ticket-2"] and not store.problems
    assert store.load("ticket-1").saved_at.tzinfo is UTC  # type: ignore[union-attr]


def test_a_deeply_nested_draft_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ticket-1.json").write_text("[" * 200_000)  # deeper than the JSON reader goes
    store = DraftStore(folder)
    assert store.pending() == [] and [name for name, _ in store.problems] == ["ticket-1.json"]


@pytest.mark.parametrize(
    "values",
    [{"note": "n" * 400_001}, {"operator": "o" * 41}, {"note": "half a pair \ud800"},
     {"fields": {"subject": "\udfff"}}, {"fields": {"subject": 3}}],
)
def test_a_draft_beyond_what_a_file_holds_is_refused_when_made(values: dict[str, object]) -> None:
    """The editor keeps its last draft when making a new one raises ValueError (a pasted book,
    text that is not Unicode), rather than failing when the file is written."""
    with pytest.raises(ValueError):
        Draft(ticket_id=1, **values)  # type: ignore[arg-type]


async def test_draft_survives_switching_tickets(store: Backend, tmp_path: Path) -> None:
    first = await store.tickets.create_ticket(TicketDraft(subject="First"))
    second = await store.tickets.create_ticket(TicketDraft(subject="Second"))
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(first.id)
        await until(pilot, lambda: editor.ticket and editor.ticket.id == first.id, "first")
        editor.query_one("#subject", Input).value = "First, edited"
        editor.query_one("#note", TextArea).insert("half-written note")
        # switch away at once, before the autosave delay: leaving writes the draft
        await editor.open_ticket(second.id)
        assert app.store.load(f"ticket-{first.id}") is not None
        await until(pilot, lambda: editor.ticket and editor.ticket.id == second.id, "second")
        assert editor.values()["subject"] == "Second" and editor.note_text == ""
        await editor.open_ticket(first.id)
        await until(pilot, lambda: editor.ticket and editor.ticket.id == first.id, "back")
        await until(pilot, lambda: editor.note_text == "half-written note", "draft restored")
        assert editor.values()["subject"] == "First, edited"
        assert any("restored" in m for _s, m in app.notes)
    assert (
        await store.tickets.get_ticket(first.id)
    ).subject == "First"  # nothing saved behind my back


async def test_autosave_after_typing_pauses(store: Backend, tmp_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Slow"))
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        await pilot.pause(0.7)
        assert app.store.pending() == [], "opening alone writes no draft"
        editor.query_one("#note", TextArea).focus()
        await pilot.press(*"abc")
        await until(pilot, lambda: app.store.load(f"ticket-{ticket.id}") is not None,
                    "autosaved")
        assert app.store.load(f"ticket-{ticket.id}").note == "abc"  # type: ignore[union-attr]


async def test_draft_survives_a_killed_console_and_is_offered_back(
        store: Backend, tmp_path: Path, db_path: Path) -> None:
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Crashy"))
    drafts = tmp_path / "drafts"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui_tickets.crash_child", str(db_path), str(drafts),
         str(ticket.id)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the child gives up by itself when stuck; this watchdog covers a hang before that
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "READY", child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)

    survivors = DraftStore(drafts).pending()
    assert [d.key for d in survivors] == [f"ticket-{ticket.id}"]
    assert survivors[0].fields["subject"] == "Lost on crash?"

    app = EditorApp(store, drafts)
    async with app.run_test(size=(80, 24)) as pilot:
        results: list[Draft | None] = []
        app.push_screen(DraftRecoveryDialog(app.store.pending(), app.store), results.append)
        await pilot.pause()
        assert isinstance(app.screen, DraftRecoveryDialog)
        await pilot.press("enter")
        await until(pilot, lambda: results, "dialog answered")
        assert results[0] is not None
        await app.editor.restore_draft(results[0])
        editor = app.editor
        await until(pilot, lambda: editor.note_text == "typed before the crash", "restored")
        assert editor.values()["subject"] == "Lost on crash?"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.messages, "saved")
    assert (await store.tickets.get_ticket(ticket.id)).subject == "Lost on crash?"
    assert DraftStore(drafts).pending() == []


async def test_recovery_dialog_discard_and_hostile_draft(store: Backend, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    disk = DraftStore(folder)
    disk.save(Draft(ticket_id=1, fields={"subject": HOSTILE}, note=HOSTILE))
    disk.save(Draft(call_id=2, fields={"subject": "plain"}))
    (folder / "ticket-9.json").write_text("][ broken")
    app = EditorApp(store, folder)
    async with app.run_test(size=(80, 24)) as pilot:
        pending = app.store.pending()
        results: list[Draft | None] = []
        app.push_screen(DraftRecoveryDialog(pending, app.store), results.append)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DraftRecoveryDialog)
        shown = "\n".join(str(dialog.query_one(OptionList).get_option_at_index(i).prompt)
                          for i in range(2))
        assert "[@click=app.quit]" in shown and "\x1b" not in shown and "\u202e" not in shown
        assert "ticket-9.json" in str(dialog.query_one("#drafts-problems").render())
        await pilot.press("d")  # discard the highlighted (newest: the call draft)
        await pilot.pause()
        await pilot.press("escape")
        await until(pilot, lambda: results, "dialog closed")
        assert results == [None]
        assert app.is_running
    assert [d.key for d in DraftStore(folder).pending()] == ["ticket-1"]


@contextlib.asynccontextmanager
async def editing_without_a_drafts_folder(
        store: Backend, tmp_path: Path) -> AsyncIterator[tuple[EditorApp, Pilot[None], int]]:
    """An editor with an unsaved note on a ticket, where the drafts folder is a file (every
    draft write fails): (app, pilot, ticket id)."""
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Disk full"))
    blocker = tmp_path / "drafts"
    blocker.write_text("a file where the drafts folder should be")
    app = EditorApp(store, blocker)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        editor.query_one("#note", TextArea).insert("still here")
        yield app, pilot, ticket.id


async def test_unwritable_draft_folder_warns_and_the_editor_keeps_working(
        store: Backend, tmp_path: Path) -> None:
    async with editing_without_a_drafts_folder(store, tmp_path) as (app, pilot, ticket_id):
        editor = app.editor
        await until(pilot, lambda: any(s == "warning" and "draft" in m for s, m in app.notes),
                    "warned from the autosave thread")
        editor.flush_draft()  # the same failure on the event-loop thread
        assert sum(s == "warning" and "draft" in m for s, m in app.notes) == 2
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.messages, "saved despite the drafts")
    assert [e.body for e in await store.tickets.list_ticket_entries(ticket_id)] == ["still here"]


async def test_a_failed_draft_write_warns_without_holding_the_lock_the_loop_needs(
        store: Backend, tmp_path: Path) -> None:
    """The autosave thread warns through the event loop (call_from_thread waits for it). If it
    still held the keeper's lock then, a flush on the loop (leaving the ticket) would wait for
    that lock while the thread waited for the loop: the console froze. The thread is caught
    at that exact moment here, and the lock must be free."""
    import time

    async with editing_without_a_drafts_folder(store, tmp_path) as (app, pilot, _ticket):
        editor = app.editor
        keeper = editor.keeper
        draft = keeper.snapshot()
        assert draft is not None
        waiting = threading.Event()
        original = app.call_from_thread

        def call_from_thread(callback: object, *args: object, **kwargs: object) -> object:
            waiting.set()  # the thread is about to wait for the loop
            return original(callback, *args, **kwargs)  # type: ignore[arg-type]

        app.call_from_thread = call_from_thread  # type: ignore[method-assign]
        keeper._seq += 1
        writer = threading.Thread(target=keeper._write, args=(draft, keeper._seq))
        writer.start()
        deadline = time.monotonic() + 5
        while not waiting.is_set() and time.monotonic() < deadline:
            time.sleep(0.005)  # on the loop, without yielding to it: the thread must wait
        assert waiting.is_set()
        time.sleep(0.05)
        lock_free = not keeper._lock.locked()
        if lock_free:
            editor.flush_draft()  # what leaving the ticket does on the loop
        await pilot.pause()  # now the loop runs the thread's warning
        writer.join(timeout=5)
        assert lock_free, "the autosave thread held the lock while waiting for the loop"
        assert not writer.is_alive()
