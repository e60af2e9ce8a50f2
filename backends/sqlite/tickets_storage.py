"""The tickets storage on SQLite (backends/tickets/storage.py): persistence only; the rules are
the tickets service's (docs/ARCHITECTURE.md). One `write` is one BEGIN IMMEDIATE transaction
on the store's write connection; `SqliteTicketsWriter` works on that connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from backends.i18n import _
from backends.sqlite import rows, search
from backends.sqlite.base import exists, fetch_row
from backends.sqlite.calls_storage import column_value
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event
from backends.tickets.models import EntryKind, Ticket, TicketEntry, TicketStatus
from backends.tickets.service import TicketsService

T = TypeVar("T")


def stored(fields: dict[str, object]) -> dict[str, object]:
    """Field values as the tickets table keeps them (tags as JSON)."""
    return {name: rows.dumps(value) if name == "tags" else column_value(value)
            for name, value in fields.items()}


def get_ticket(conn: sqlite3.Connection, ticket_id: int) -> Ticket:
    return rows.ticket(conn, fetch_row(conn, "tickets", ticket_id, _("ticket")))


def entries_of(conn: sqlite3.Connection, ticket_id: int) -> list[TicketEntry]:
    """Oldest first; NotFound when there is no such ticket."""
    fetch_row(conn, "tickets", ticket_id, _("ticket"))
    return [rows.entry(r) for r in conn.execute(
        "SELECT * FROM ticket_entries WHERE ticket_id = ? ORDER BY id", [ticket_id])]


class SqliteTicketsWriter:
    """`TicketsWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.now = datetime.now(UTC)

    def get_ticket(self, ticket_id: int) -> Ticket:
        return get_ticket(self.conn, ticket_id)

    def insert_ticket(self, values: dict[str, object]) -> int:
        now = rows.to_ts(self.now)
        columns = {**stored(values), "created_at": now, "updated_at": now, "version": 1}
        cursor = self.conn.execute(
            f"INSERT INTO tickets ({', '.join(columns)}) "
            f"VALUES ({rows.placeholders(list(columns))})", list(columns.values()))
        return int(cursor.lastrowid or 0)

    def update_if_version(self, ticket_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        columns = {**stored(fields), "updated_at": rows.now_ts()}
        assignments = ", ".join(f"{c} = ?" for c in columns)
        cursor = self.conn.execute(
            f"UPDATE tickets SET {assignments}, version = version + 1 "
            "WHERE id = ? AND version = ?", [*columns.values(), ticket_id, version])
        return cursor.rowcount > 0

    def insert_entry(self, ticket_id: int, kind: EntryKind, author: str | None,
                     body: str) -> TicketEntry:
        cursor = self.conn.execute(
            "INSERT INTO ticket_entries (ticket_id, kind, author, body, created_at) "
            "VALUES (?, ?, ?, ?, ?)", [ticket_id, kind.value, author, body, rows.now_ts()])
        return rows.entry(fetch_row(self.conn, "ticket_entries", int(cursor.lastrowid or 0),
                                    _("entry")))

    def touch(self, ticket_id: int) -> None:
        self.conn.execute("UPDATE tickets SET updated_at = ? WHERE id = ?",
                          [rows.now_ts(), ticket_id])

    def link_call(self, call_id: int, ticket_id: int) -> None:
        self.conn.execute("INSERT OR IGNORE INTO call_tickets (call_id, ticket_id) "
                          "VALUES (?, ?)", [call_id, ticket_id])

    def customer_exists(self, customer_id: int) -> bool:
        return exists(self.conn, "customers", customer_id)

    def call_exists(self, call_id: int) -> bool:
        return exists(self.conn, "calls", call_id)

    def entries(self, ticket_id: int) -> list[TicketEntry]:
        return entries_of(self.conn, ticket_id)

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteTicketsStorage:
    """`TicketsStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteTicketsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteTicketsWriter(conn)))

    async def get_ticket(self, ticket_id: int) -> Ticket:
        return await self._store.read(lambda conn: get_ticket(conn, ticket_id))

    async def list_tickets(self, *, customer_id: int | None, statuses: Sequence[TicketStatus],
                           assignee: str | None, limit: int) -> list[Ticket]:
        where: list[str] = []
        params: list[object] = []
        if customer_id is not None:
            where.append("customer_id = ?")
            params.append(customer_id)
        if statuses:
            values = [TicketStatus(s).value for s in statuses]
            where.append(f"status IN ({rows.placeholders(values)})")
            params += values
        if assignee is not None:
            where.append("assignee = ?")
            params.append(assignee)
        sql = "SELECT * FROM tickets"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        return await self._store.read(
            lambda conn: [rows.ticket(conn, r) for r in conn.execute(sql, params)])

    async def search_tickets(self, query: str, limit: int) -> list[Ticket]:
        def read(conn: sqlite3.Connection) -> list[Ticket]:
            return [get_ticket(conn, i) for i in search.search_ticket_ids(conn, query, limit)]

        return await self._store.read(read)

    async def list_entries(self, ticket_id: int) -> list[TicketEntry]:
        return await self._store.read(lambda conn: entries_of(conn, ticket_id))


def service(store: Store, _region: str) -> TicketsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return TicketsService(SqliteTicketsStorage(store))
