"""The change feed on SQLite: every write appends to `events` inside its own transaction
(`append_event`), and `SqliteFeedStorage` reads them back for the feed service
(backends/feed/service.py), served as `backend.feed` (docs/ARCHITECTURE.md).

`id` is INTEGER PRIMARY KEY AUTOINCREMENT and every insert happens under BEGIN IMMEDIATE, so
ids are strictly increasing store-wide; a rolled-back transaction rolls back its sequence bump
too, hence no gaps.
"""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future
from typing import Any

from backends.errors import Unavailable
from backends.feed.models import Event
from backends.feed.service import FeedService
from backends.sqlite import rows
from backends.sqlite.connection import Store


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


class SqliteFeedStorage:
    """`FeedStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def closed(self) -> bool:
        return self._store.closed

    async def read_events(self, after_id: int, limit: int) -> list[Event]:
        return await self._store.read(lambda conn: _read(conn, after_id, limit))

    async def last_event_id(self) -> int:
        return await self._store.read(_last)

    def newest_id_now(self) -> Future[int] | None:
        try:
            return self._store.submit_read(_last)
        except (Unavailable, RuntimeError):
            return None  # closing: the feed ends at once


def service(store: Store, _region: str) -> FeedService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return FeedService(SqliteFeedStorage(store))
