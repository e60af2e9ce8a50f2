"""Every customer, ticket or call of a SQLite store, in id order, one page at a time.

The public read API for tools that work on a SQLite file as a whole (`centralino db export`);
the Backend protocol has no "list everything", and other backends need not offer it.

    async for page in customer_pages(backend):            # list[Customer]
    async for page in ticket_pages(backend):              # list[(Ticket, [TicketEntry, …])]
    async for page in call_pages(backend):                # list[Call]

Pages are read by keyset (`WHERE id > last ORDER BY id LIMIT page_size`), each in its own read
transaction on a reader thread, so memory stays at one page whatever the size of the table and
writers are never held up. Each page is consistent; the whole run is not one snapshot: a record
added meanwhile with a higher id is included, one deleted before its page is read is not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, TypeVar

from backends.calls.models import Call
from backends.customers.models import Customer
from backends.sqlite import rows
from backends.tickets.models import Ticket, TicketEntry

if TYPE_CHECKING:
    from backends.sqlite.backend import SqliteBackend

PAGE_SIZE = 2000
T = TypeVar("T")
Convert = Callable[[sqlite3.Connection, list[sqlite3.Row]], list[T]]


async def _pages(backend: SqliteBackend, table: str, convert: Convert[T],
                 page_size: int) -> AsyncIterator[list[T]]:
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    last = 0
    while True:
        def page(conn: sqlite3.Connection, after: int = last) -> tuple[int, list[T]]:
            found = conn.execute(f"SELECT * FROM {table} WHERE id > ? ORDER BY id LIMIT ?",
                                 [after, page_size]).fetchall()
            return (found[-1]["id"] if found else after), convert(conn, found)

        last, items = await backend.run_read(page)
        if not items:
            return
        yield items
        if len(items) < page_size:
            return


def _customers(conn: sqlite3.Connection, found: list[sqlite3.Row]) -> list[Customer]:
    return [rows.customer(r) for r in found]


def _calls(conn: sqlite3.Connection, found: list[sqlite3.Row]) -> list[Call]:
    return [rows.call(conn, r) for r in found]


def _tickets(conn: sqlite3.Connection,
             found: list[sqlite3.Row]) -> list[tuple[Ticket, list[TicketEntry]]]:
    entries: dict[int, list[TicketEntry]] = {r["id"]: [] for r in found}
    if found:  # one range query for the page's entries instead of one per ticket
        for r in conn.execute(
                "SELECT * FROM ticket_entries WHERE ticket_id BETWEEN ? AND ? ORDER BY id",
                [found[0]["id"], found[-1]["id"]]):
            if r["ticket_id"] in entries:
                entries[r["ticket_id"]].append(rows.entry(r))
    return [(rows.ticket(conn, r), entries[r["id"]]) for r in found]


def customer_pages(backend: SqliteBackend,
                   page_size: int = PAGE_SIZE) -> AsyncIterator[list[Customer]]:
    """Every customer, by id, `page_size` at a time."""
    return _pages(backend, "customers", _customers, page_size)


def ticket_pages(backend: SqliteBackend, page_size: int = PAGE_SIZE
                 ) -> AsyncIterator[list[tuple[Ticket, list[TicketEntry]]]]:
    """Every ticket with its entries (oldest first), by ticket id, `page_size` at a time."""
    return _pages(backend, "tickets", _tickets, page_size)


def call_pages(backend: SqliteBackend, page_size: int = PAGE_SIZE) -> AsyncIterator[list[Call]]:
    """Every call, by id, `page_size` at a time."""
    return _pages(backend, "calls", _calls, page_size)
