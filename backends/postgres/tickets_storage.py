"""The tickets storage on PostgreSQL (backends/tickets/storage.py): persistence only; the rules
are the tickets service's (docs/ARCHITECTURE.md). One `write` is one transaction on a pooled
connection; `PgTicketsWriter` works on that connection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from backends.errors import NotFound
from backends.i18n import _
from backends.postgres import rows, search
from backends.postgres.connection import Conn, PgStore
from backends.postgres.events import append_event
from backends.tickets.models import EntryKind, Ticket, TicketEntry, TicketStatus
from backends.tickets.service import TicketsService

T = TypeVar("T")


def get_ticket(conn: Conn, ticket_id: int) -> Ticket:
    """One statement (the ticket and its calls' ids)."""
    row = conn.execute(f"{rows.TICKETS_WITH_CALLS} WHERE id = %s", [ticket_id]).fetchone()
    if row is None:
        raise NotFound(_("no {what} {key}").format(what=_("ticket"), key=ticket_id))
    return rows.ticket_with_calls(row)


def entries_of(conn: Conn, ticket_id: int) -> list[TicketEntry]:
    """Oldest first; NotFound when there is no such ticket. One statement: the ticket's row
    joined to its entries (one row of NULLs when it has none)."""
    found = conn.execute(
        "SELECT e.id, e.ticket_id, e.kind, e.author, e.body, e.created_at FROM tickets AS t "
        "LEFT JOIN ticket_entries AS e ON e.ticket_id = t.id WHERE t.id = %s ORDER BY e.id",
        [ticket_id]).fetchall()
    if not found:
        raise NotFound(_("no {what} {key}").format(what=_("ticket"), key=ticket_id))
    return [rows.entry(r) for r in found if r["id"] is not None]


class PgTicketsWriter:
    """`TicketsWriter` on the connection of one write transaction."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn
        self.now = rows.now()

    def get_ticket(self, ticket_id: int) -> Ticket:
        return get_ticket(self.conn, ticket_id)

    def insert_ticket(self, values: dict[str, object]) -> int:
        columns = {**{k: rows.column_value(v) for k, v in values.items()},
                   "created_at": self.now, "updated_at": self.now, "version": 1}
        marks = ", ".join(["%s"] * len(columns))
        row = self.conn.execute(
            f"INSERT INTO tickets ({', '.join(columns)}) VALUES ({marks}) RETURNING id",
            list(columns.values())).fetchone()
        assert row is not None
        return int(row["id"])

    def update_if_version(self, ticket_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        columns = {**{k: rows.column_value(v) for k, v in fields.items()},
                   "updated_at": rows.now()}
        assignments = ", ".join(f"{c} = %s" for c in columns)
        return self.conn.execute(
            f"UPDATE tickets SET {assignments}, version = version + 1 "
            "WHERE id = %s AND version = %s",
            [*columns.values(), ticket_id, version]).rowcount > 0

    def insert_entry(self, ticket_id: int, kind: EntryKind, author: str | None,
                     body: str) -> TicketEntry:
        row = self.conn.execute(
            "INSERT INTO ticket_entries (ticket_id, kind, author, body, created_at) "
            f"VALUES (%s, %s, %s, %s, %s) RETURNING {rows.columns('ticket_entries')}",
            [ticket_id, kind.value, author, body, rows.now()]).fetchone()
        assert row is not None
        return rows.entry(row)

    def touch(self, ticket_id: int) -> None:
        self.conn.execute("UPDATE tickets SET updated_at = %s WHERE id = %s",
                          [rows.now(), ticket_id])

    def link_call(self, call_id: int, ticket_id: int) -> None:
        self.conn.execute("INSERT INTO call_tickets (call_id, ticket_id) VALUES (%s, %s) "
                          "ON CONFLICT DO NOTHING", [call_id, ticket_id])

    def customer_exists(self, customer_id: int) -> bool:
        return rows.exists(self.conn, "customers", customer_id)

    def call_exists(self, call_id: int) -> bool:
        return rows.exists(self.conn, "calls", call_id)

    def entries(self, ticket_id: int) -> list[TicketEntry]:
        return entries_of(self.conn, ticket_id)

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class PgTicketsStorage:
    """`TicketsStorage` on one PostgreSQL database."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    async def write(self, work: Callable[[PgTicketsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(PgTicketsWriter(conn)))

    async def get_ticket(self, ticket_id: int) -> Ticket:
        return await self._store.statement(lambda conn: get_ticket(conn, ticket_id))

    async def list_tickets(self, *, customer_id: int | None, statuses: Sequence[TicketStatus],
                           assignee: str | None, limit: int) -> list[Ticket]:
        where: list[str] = []
        params: list[object] = []
        if customer_id is not None:
            where.append("customer_id = %s")
            params.append(customer_id)
        if statuses:
            where.append("status = ANY(%s)")
            params.append([TicketStatus(s).value for s in statuses])
        if assignee is not None:
            where.append("assignee = %s")
            params.append(assignee)
        sql = rows.TICKETS_WITH_CALLS
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT %s"
        params.append(limit)
        return await self._store.statement(
            lambda conn: [rows.ticket_with_calls(r) for r in conn.execute(sql, params)])

    async def search_tickets(self, query: str, limit: int) -> list[Ticket]:
        def read(conn: Conn) -> list[Ticket]:
            return [get_ticket(conn, i) for i in search.search_ticket_ids(conn, query, limit)]

        return await self._store.read(read)

    async def list_entries(self, ticket_id: int) -> list[TicketEntry]:
        return await self._store.statement(lambda conn: entries_of(conn, ticket_id))


def service(store: PgStore, _region: str) -> TicketsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return TicketsService(PgTicketsStorage(store))
