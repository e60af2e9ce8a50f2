"""What the rt backend keeps in its local SQLite companion store besides calls and directory.

- `rt_etags`: RT's ETag is the id of a record's newest transaction. The protocol's version
  is a small counter (1 at creation, +1 per change seen), so each new ETag observed for a
  record gets the next counter value (or the same one when only entries were added), and an
  update with version v sends If-Match with the newest ETag recorded for v: a change made in
  RT since then (by anybody) answers 412 → Conflict.
- shadow rows: the local schema links calls and transfers to customers and tickets by
  foreign key; RT owns those, so a minimal row with the RT id stands in for each one linked.
- events: changes made through this backend and changes the poller sees in RT are appended
  to the local store's change feed, so `events()` carries both.

It runs on the local store's own writer thread (one writer per file, BEGIN IMMEDIATE).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

from backends.customers.models import Customer
from backends.sqlite import rows
from backends.sqlite.backend import SqliteBackend
from backends.sqlite.events import append_event
from backends.tickets.models import Ticket

_VERSIONS_DDL = """
CREATE TABLE IF NOT EXISTS rt_etags (
    kind TEXT NOT NULL,
    rt_id INTEGER NOT NULL,
    etag INTEGER NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (kind, rt_id, etag)
) WITHOUT ROWID"""

NeutralCheck = Callable[[int, int], Awaitable[bool]]


def _latest(conn: sqlite3.Connection, kind: str, rt_id: int) -> tuple[int, int] | None:
    row = conn.execute("SELECT version, etag FROM rt_etags WHERE kind = ? AND rt_id = ? "
                       "ORDER BY etag DESC LIMIT 1", [kind, rt_id]).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def _record(conn: sqlite3.Connection, kind: str, rt_id: int, etag: int, neutral: bool) -> int:
    latest = _latest(conn, kind, rt_id)
    if latest is None:
        version = 1
    elif etag == latest[1]:
        return latest[0]
    elif etag < latest[1]:  # an older read that lost a race: the version it had then
        older = conn.execute("SELECT version FROM rt_etags WHERE kind = ? AND rt_id = ? "
                             "AND etag <= ? ORDER BY etag DESC LIMIT 1",
                             [kind, rt_id, etag]).fetchone()
        return int(older[0]) if older else 1
    else:
        version = latest[0] if neutral else latest[0] + 1
    conn.execute("INSERT OR IGNORE INTO rt_etags (kind, rt_id, etag, version) "
                 "VALUES (?, ?, ?, ?)", [kind, rt_id, etag, version])
    return version


class LocalBridge:
    def __init__(self, local: SqliteBackend) -> None:
        self.local = local
        # (kind, id, etag) → version never changes once recorded: reads skip the write
        self._known: dict[tuple[str, int, int], int] = {}

    async def _write(self, fn: Any) -> Any:
        return await self.local.run_write(fn)

    async def setup(self) -> None:
        await self._write(lambda conn: conn.execute(_VERSIONS_DDL))

    async def observe(self, kind: str, rt_id: int, etag: int,
                      neutral: NeutralCheck | None = None) -> int:
        """The counter version of `kind` `rt_id` whose RT ETag is `etag`. When `neutral`
        says the transactions since the last ETag seen changed no field (comments,
        correspondence, mail records), the version stays: adding an entry is no edit."""
        key = (kind, rt_id, etag)
        if key not in self._known:
            if len(self._known) > 50_000:
                self._known.clear()
            latest = await self.local.run_read(lambda conn: _latest(conn, kind, rt_id))
            unchanged = bool(neutral and latest and etag > latest[1]
                             and await neutral(latest[1], etag))
            self._known[key] = int(await self._write(
                lambda conn: _record(conn, kind, rt_id, etag, unchanged)))
        return self._known[key]

    async def etag_for(self, kind: str, rt_id: int, version: int) -> int | None:
        """The newest ETag seen for that version (what an If-Match must name)."""
        def read(conn: sqlite3.Connection) -> int | None:
            row = conn.execute("SELECT MAX(etag) FROM rt_etags WHERE kind = ? AND rt_id = ? "
                               "AND version = ?", [kind, rt_id, version]).fetchone()
            return int(row[0]) if row and row[0] is not None else None

        return await self.local.run_read(read)

    async def calls_of_ticket(self, ticket_id: int) -> list[int]:
        """Calls linked to an RT ticket in the local store (calls are local)."""
        return await self.local.run_read(lambda conn: rows.links(conn, "ticket_id",
                                                                     ticket_id))

    async def emit(self, kind: str, subject: str, data: dict[str, Any] | None = None) -> int:
        return int(await self._write(lambda conn: append_event(conn, kind, subject, data)))

    async def shadow_customer(self, customer: Customer) -> None:
        """A local stand-in for an RT user, so local calls may reference it (id, name, tags
        only; the rest stays in RT)."""
        def upsert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO customers (id, code, name, tags, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                "tags = excluded.tags, updated_at = excluded.updated_at",
                [customer.id, f"RT-SHADOW-{customer.id}", customer.name,
                 rows.dumps(customer.tags), rows.to_ts(customer.created_at),
                 rows.to_ts(customer.updated_at)])

        await self._write(upsert)

    async def shadow_ticket(self, ticket: Ticket) -> None:
        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR IGNORE INTO tickets (id, subject, category, priority, status, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [ticket.id, ticket.subject, ticket.category.value, ticket.priority.value,
                 ticket.status.value, rows.to_ts(ticket.created_at),
                 rows.to_ts(ticket.updated_at)])

        await self._write(insert)
