"""`SqliteBackend.backup`: the target connection carries every connection's pragmas, and the
copy, taken while another task keeps writing, is one self-contained file that passes SQLite's
integrity and foreign-key checks and the backend's own.

The target connection is opened and closed inside `backup`, so the test looks at it at the one
moment it exists: a profile function (threading.setprofile, for the store's threads) sees the
call of sqlite3's `backup` and reads the pragmas of the local connection that points at the
target file. Nothing is replaced; the real sqlite3 module does the work."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from backends.customers.inputs import CustomerDraft
from backends.sqlite import SqliteBackend
from backends.sqlite.connection import DEFAULT_BUSY_TIMEOUT_MS, read_pragmas
from backends.tickets.inputs import TicketDraft

EXPECTED = {"journal_mode": "wal", "synchronous": 2, "busy_timeout": DEFAULT_BUSY_TIMEOUT_MS,
            "foreign_keys": 1}  # what DESIGN.md asks of every connection


def _file_of(conn: sqlite3.Connection) -> str | None:
    try:
        rows = conn.execute("PRAGMA database_list").fetchall()
    except sqlite3.ProgrammingError:  # closed
        return None
    return next((str(row[2]) for row in rows if row[1] == "main"), None)


class TargetPragmas:
    """Profile function: at each call of sqlite3's backup(), the pragmas of the connection
    among the caller's locals whose file is `target` (or the temporary file it is made in)."""

    def __init__(self, target: Path) -> None:
        self.target = str(target)
        self.seen: list[dict[str, object]] = []

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if event != "c_call" or getattr(arg, "__name__", "") != "backup":
            return
        for value in list(frame.f_locals.values()):
            if isinstance(value, sqlite3.Connection) and self._is_target(_file_of(value)):
                self.seen.append(read_pragmas(value))

    def _is_target(self, name: str | None) -> bool:
        # the copy is made in a temporary file beside the target, then renamed onto it
        if name is None:
            return False
        path, target = Path(name), Path(self.target)
        return path == target or (path.parent == target.parent and path.name.startswith(
            f".{target.name}.") and path.name.endswith(".part"))


async def test_backup_target_gets_the_pragmas_and_the_copy_is_sound(tmp_path: Path) -> None:
    target = tmp_path / "backups" / "copy.db"
    watch = TargetPragmas(target)
    threading.setprofile(watch)  # before the backend starts its threads
    try:
        async with SqliteBackend(tmp_path / "store.db") as backend:
            ticket, written = await _backup_while_writing(backend, target)
    finally:
        threading.setprofile(None)
    assert written == target
    assert watch.seen == [EXPECTED]  # the target connection, configured before the copy
    assert not Path(f"{target}-wal").exists()  # checkpointed on close: one file to carry away
    with sqlite3.connect(target) as plain:
        assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert plain.execute("PRAGMA foreign_key_check").fetchall() == []
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    async with SqliteBackend(target) as copy:
        assert (await copy.tickets.get_ticket(ticket.id)).subject == "Copy me"
        assert await copy.integrity_check() == []


async def _backup_while_writing(backend: SqliteBackend, target: Path) -> tuple[Any, Path]:
    ticket = await backend.tickets.create_ticket(TicketDraft(subject="Copy me", body="first note"))

    async def keep_writing() -> None:
        for i in range(30):
            await backend.customers.create_customer(CustomerDraft(name=f"Cliente {i}"))

    writer = asyncio.create_task(keep_writing())
    try:
        written = await backend.backup(target)
    finally:
        await writer
    return ticket, written
