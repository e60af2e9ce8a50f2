"""The change feed: every write appends to `events` inside its own transaction.

`id` is INTEGER PRIMARY KEY AUTOINCREMENT and every insert happens under BEGIN IMMEDIATE, so
ids are strictly increasing store-wide; a rolled-back transaction rolls back its sequence bump
too, hence no gaps. The live feed polls cheaply (a primary-key range read every 0.1 s), which
also brings other processes' changes within the 0.5 s the protocol promises.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from concurrent.futures import Future
from typing import Any

from backends.errors import Unavailable
from backends.models import Event
from backends.sqlite import rows
from backends.sqlite.base import SqliteBase

POLL_SECONDS = 0.1
BATCH = 500


def append_event(conn: sqlite3.Connection, kind: str, subject: str,
                 data: dict[str, Any] | None = None) -> int:
    cursor = conn.execute("INSERT INTO events (kind, subject, at, data) VALUES (?, ?, ?, ?)",
                          [kind, subject, rows.now_ts(), rows.dumps(data or {})])
    return int(cursor.lastrowid or 0)


def _read(conn: sqlite3.Connection, after_id: int, limit: int) -> list[Event]:
    return [rows.event(r) for r in conn.execute(
        "SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?", [after_id, limit])]


def _last(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])


class EventsMixin(SqliteBase):
    async def read_events(self, after_id: int = 0, limit: int = BATCH) -> list[Event]:
        limit = max(1, min(int(limit), 10_000))
        return await self._store.read(lambda conn: _read(conn, int(after_id), limit))

    async def last_event_id(self) -> int:
        return await self._store.read(_last)

    def events(self, after_id: int | None = None) -> AsyncIterator[Event]:
        # "from now" means now, not when the consumer first awaits: ask for the position at once
        start: Future[int] | None = None
        if after_id is None and not self._closed:
            try:
                start = self._store.submit_read(_last)
            except (Unavailable, RuntimeError):
                start = None  # closing: the feed ends at once
        return self._feed(after_id, start)

    async def _feed(self, after_id: int | None,
                    start: Future[int] | None) -> AsyncIterator[Event]:
        try:
            if start is not None:
                position = await asyncio.wrap_future(start)
            else:
                position = int(after_id or 0)
            while not self._closed:
                batch = await self.read_events(position, BATCH)
                for event in batch:
                    yield event
                    position = event.id
                if len(batch) < BATCH:
                    await asyncio.sleep(POLL_SECONDS)
        except Unavailable:
            if not self._closed:
                raise
