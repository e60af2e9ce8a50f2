"""Export customers, tickets or calls as CSV or JSON, streamed page by page.

The customers CSV has exactly the import header, so `db export` → `db import` round-trips
(cells a spreadsheet would run as formulas are neutralised, and restored by the importer:
console.export_safety).
The protocol has no "list every customer", so on SQLite everything comes from the store's public
paged reader (backends.sqlite.export: id order, one page in memory); tickets and calls use the
protocol's list methods when the backend is not SQLite.
"""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator, Callable
from typing import Any, TextIO

from backends.calls.models import Call
from backends.customers.models import Customer
from backends.errors import Unavailable
from backends.i18n import _
from backends.protocol import Backend
from backends.tickets.models import Ticket, TicketEntry
from console.export_safety import for_terminal, json_escape_controls, neutralise
from console.importer import COLUMNS, LIST_SEPARATOR

WHATS = ("customers", "tickets", "calls")
TICKET_COLUMNS = ("id", "ref", "customer_id", "subject", "category", "priority", "status",
                  "tier", "assignee", "due_at", "tags", "created_at", "updated_at", "entries")
CALL_COLUMNS = ("id", "channel", "direction", "caller", "customer_id", "queue", "priority", "vip",
                "state", "arrived_at", "answered_at", "ended_at", "operator", "disposition",
                "notes", "handover_note", "ticket_ids")


def customer_record(customer: Customer) -> dict[str, Any]:
    """The customer in CustomerDraft's shape (what `db import` reads back)."""
    return {"code": customer.code, "name": customer.name, "company": customer.company,
            "phones": list(customer.phones), "email": customer.email,
            "language": customer.language, "tags": list(customer.tags),
            "consent": {"marketing": customer.consent.marketing,
                        "recording": customer.consent.recording},
            "notes": customer.notes}


def customer_csv_row(record: dict[str, Any]) -> list[str]:
    return [record["code"], record["name"], record["company"] or "",
            LIST_SEPARATOR.join(record["phones"]), record["email"] or "", record["language"],
            LIST_SEPARATOR.join(record["tags"]),
            "yes" if record["consent"]["marketing"] else "no",
            "yes" if record["consent"]["recording"] else "no", record["notes"]]


def ticket_record(ticket: Ticket, entries: list[TicketEntry]) -> dict[str, Any]:
    record = ticket.model_dump(mode="json", exclude={"version"})
    record["ref"] = ticket.ref
    record["entries"] = [e.model_dump(mode="json", exclude={"ticket_id"}) for e in entries]
    return record


def call_record(call: Call) -> dict[str, Any]:
    return call.model_dump(mode="json", exclude={"version"})


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return str(len(value))  # ticket entries: how many (the JSON export has them all)
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


# ---------------------------------------------------------------------------------- sources
def _is_sqlite(backend: Backend) -> bool:
    return backend.name == "sqlite"


async def _sqlite_pages(backend: Backend, what: str) -> AsyncIterator[list[dict[str, Any]]]:
    """Through backends.sqlite.export: one page of records in memory at a time."""
    from backends.sqlite import export as sqlite_export
    from backends.sqlite.backend import SqliteBackend

    assert isinstance(backend, SqliteBackend)
    if what == "customers":
        async for customers in sqlite_export.customer_pages(backend):
            yield [customer_record(c) for c in customers]
    elif what == "calls":
        async for calls in sqlite_export.call_pages(backend):
            yield [call_record(c) for c in calls]
    else:
        async for tickets in sqlite_export.ticket_pages(backend):
            yield [ticket_record(t, entries) for t, entries in tickets]


async def _protocol_pages(backend: Backend, what: str) -> AsyncIterator[list[dict[str, Any]]]:
    if what == "customers":
        raise Unavailable(_("exporting every customer needs the sqlite backend (the {name} "
                            "backend cannot list all customers)").format(name=backend.name))
    if what == "calls":
        calls = await backend.calls.list_calls(limit=10**9)
        yield [call_record(c) for c in sorted(calls, key=lambda c: c.id)]
        return
    tickets = await backend.tickets.list_tickets(limit=10**9)
    records = []
    for ticket in sorted(tickets, key=lambda t: t.id):
        records.append(ticket_record(ticket, await backend.tickets.list_ticket_entries(ticket.id)))
    yield records


# ---------------------------------------------------------------------------------- writers
def _cell_filter(raw_cells: bool, to_terminal: bool) -> Callable[[str], str]:
    """What every CSV cell goes through (console.export_safety)."""
    def cell(value: str) -> str:
        if not raw_cells:
            value = neutralise(value)
        return for_terminal(value) if to_terminal else value

    return cell


async def export(backend: Backend, what: str, fmt: str, out: TextIO, *,
                 raw_cells: bool = False, to_terminal: bool = False) -> int:
    """Write every `what` to `out` as `fmt` (csv or json); returns how many records.

    CSV cells that a spreadsheet would run as a formula are neutralised unless `raw_cells`;
    `to_terminal` (standard output is a terminal) also shows control characters as symbols.
    """
    pages = (_sqlite_pages(backend, what) if _is_sqlite(backend)
             else _protocol_pages(backend, what))
    count = 0
    if fmt == "json":
        out.write("[")
        async for records in pages:
            for record in records:
                out.write(",\n" if count else "\n")
                out.write(json_escape_controls(json.dumps(record, ensure_ascii=False)))
                count += 1
        out.write("\n]\n" if count else "]\n")
        return count
    writer = csv.writer(out, lineterminator="\n")
    cell = _cell_filter(raw_cells, to_terminal)
    columns = {"customers": COLUMNS, "tickets": TICKET_COLUMNS, "calls": CALL_COLUMNS}[what]
    writer.writerow(columns)
    async for records in pages:
        for record in records:
            if what == "customers":
                values = customer_csv_row(record)
            else:
                values = [_flat(record.get(c)) for c in columns]
            writer.writerow([cell(v) for v in values])
            count += 1
    return count
