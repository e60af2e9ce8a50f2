"""PostgreSQL rows (dicts, with PostgreSQL's own types: timestamptz, jsonb, boolean) to the
domains' models and model values to columns (docs/ARCHITECTURE.md). Stored data is trusted,
so models are built without re-validation, as on SQLite (backends/sqlite/rows.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from psycopg.types.json import Jsonb

from backends.calls.models import Call, CallState, Channel, Direction
from backends.customers.models import Consent, Customer
from backends.errors import NotFound
from backends.feed.models import Event
from backends.i18n import _
from backends.people.models import (
    DirectoryEntry,
    DirectoryKind,
    Disposition,
    Operator,
    Presence,
    Role,
)
from backends.postgres.connection import Conn
from backends.tickets.models import (
    EntryKind,
    Ticket,
    TicketCategory,
    TicketEntry,
    TicketPriority,
    TicketStatus,
)
from backends.transfers.models import Transfer, TransferKind, TransferStatus
from backends.trusted import trusted

Row = dict[str, Any]


def now() -> datetime:
    return datetime.now(UTC)


def column_value(value: object) -> object:
    """A model value as a column takes it: enums by value, lists and dicts as jsonb, naive
    times as UTC."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | dict):
        return Jsonb(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


# the columns models are built from: not the stored search vectors (schema.py)
COLUMNS = {
    "customers": "id, code, name, company, email, language, phones, tags, consent_marketing, "
                 "consent_recording, notes, created_at, updated_at, version",
    "tickets": "id, customer_id, subject, category, priority, status, tier, assignee, due_at, "
               "tags, created_at, updated_at, version",
    "ticket_entries": "id, ticket_id, kind, author, body, created_at",
}


def columns(table: str) -> str:
    return COLUMNS.get(table, "*")


# tickets with the ids of their calls in the same statement (a second query per read was a
# round trip of its own, and one statement needs no transaction: PgStore.statement)
TICKETS_WITH_CALLS = (
    f"SELECT {COLUMNS['tickets']}, ARRAY(SELECT c.call_id FROM call_tickets AS c "
    "WHERE c.ticket_id = tickets.id ORDER BY c.call_id) AS call_ids FROM tickets")


# a call with its tickets' ids in one statement (a second one per call read was a round trip
# of every claim and state change)
CALLS_WITH_TICKETS = (
    "SELECT *, ARRAY(SELECT t.ticket_id FROM call_tickets AS t "
    "WHERE t.call_id = calls.id ORDER BY t.ticket_id) AS ticket_ids FROM calls")


def fetch_row(conn: Conn, table: str, key: object, what: str, column: str = "id") -> Row:
    """The row of `table` whose `column` is `key`, or NotFound naming `what`."""
    row = conn.execute(f"SELECT {columns(table)} FROM {table} WHERE {column} = %s",
                       [key]).fetchone()
    if row is None:
        raise NotFound(_("no {what} {key}").format(what=what, key=key))
    return row


def exists(conn: Conn, table: str, key: object, column: str = "id") -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE {column} = %s",
                        [key]).fetchone() is not None


def as_utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def customer(row: Row) -> Customer:
    return trusted(Customer, dict(
        name=row["name"], company=row["company"], phones=list(row["phones"]),
        email=row["email"], language=row["language"], tags=list(row["tags"]),
        consent=trusted(Consent, dict(marketing=bool(row["consent_marketing"]),
                                      recording=bool(row["consent_recording"]))),
        notes=row["notes"], id=row["id"], code=row["code"],
        created_at=as_utc(row["created_at"]), updated_at=as_utc(row["updated_at"]),
        version=row["version"]))


def customers_by_ids(conn: Conn, ids: Iterable[int]) -> list[Customer]:
    """Customers in the order of `ids` (missing ones skipped)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found = {r["id"]: customer(r) for r in conn.execute(
        f"SELECT {COLUMNS['customers']} FROM customers WHERE id = ANY(%s)", [wanted])}
    return [found[i] for i in wanted if i in found]


def links_of(conn: Conn, column: str, values: Sequence[int]) -> dict[int, list[int]]:
    """`links` for many rows in one query."""
    other = "ticket_id" if column == "call_id" else "call_id"
    found: dict[int, list[int]] = {v: [] for v in values}
    if values:
        for r in conn.execute(f"SELECT {column}, {other} FROM call_tickets "
                              f"WHERE {column} = ANY(%s) ORDER BY {other}", [list(values)]):
            found[r[column]].append(r[other])
    return found


def ticket(row: Row, call_ids: list[int]) -> Ticket:
    return trusted(Ticket, dict(
        subject=row["subject"], category=TicketCategory(row["category"]),
        priority=TicketPriority(row["priority"]), status=TicketStatus(row["status"]),
        tier=row["tier"], assignee=row["assignee"], due_at=as_utc(row["due_at"]),
        tags=list(row["tags"]), id=row["id"], customer_id=row["customer_id"],
        call_ids=call_ids, created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]), version=row["version"]))


def ticket_with_calls(row: Row) -> Ticket:
    """A row of TICKETS_WITH_CALLS."""
    return ticket(row, list(row["call_ids"]))


def tickets(conn: Conn, found: list[Row]) -> list[Ticket]:
    calls_of = links_of(conn, "ticket_id", [r["id"] for r in found])
    return [ticket(r, calls_of[r["id"]]) for r in found]


def entry(row: Row) -> TicketEntry:
    return trusted(TicketEntry, dict(
        kind=EntryKind(row["kind"]), author=row["author"], body=row["body"], id=row["id"],
        ticket_id=row["ticket_id"], created_at=as_utc(row["created_at"])))


def call(row: Row, ticket_ids: list[int]) -> Call:
    return trusted(Call, dict(
        id=row["id"], channel=Channel(row["channel"]), direction=Direction(row["direction"]),
        caller=row["caller"], customer_id=row["customer_id"], queue=row["queue"],
        priority=row["priority"], vip=bool(row["vip"]), state=CallState(row["state"]),
        arrived_at=as_utc(row["arrived_at"]), answered_at=as_utc(row["answered_at"]),
        ended_at=as_utc(row["ended_at"]), operator=row["operator"],
        disposition=row["disposition"], notes=row["notes"], handover_note=row["handover_note"],
        ticket_ids=ticket_ids, version=row["version"]))


def calls(conn: Conn, found: list[Row]) -> list[Call]:
    tickets_of = links_of(conn, "call_id", [r["id"] for r in found])
    return [call(r, tickets_of[r["id"]]) for r in found]


def operator(row: Row) -> Operator:
    return trusted(Operator, dict(
        id=row["id"], name=row["name"], display_name=row["display_name"],
        extension=row["extension"], role=Role(row["role"]),
        languages=list(row["languages"]), presence=Presence(row["presence"]),
        pause_reason=row["pause_reason"], presence_since=as_utc(row["presence_since"]),
        back_at=as_utc(row["back_at"]), version=row["version"]))


def directory_entry(row: Row) -> DirectoryEntry:
    return trusted(DirectoryEntry, dict(
        id=row["id"], name=row["name"], kind=DirectoryKind(row["kind"]),
        department=row["department"], extension=row["extension"], number=row["number"],
        presence=Presence(row["presence"]), presence_note=row["presence_note"],
        back_at=as_utc(row["back_at"]), notes=row["notes"], hours=row["hours"],
        holidays=row["holidays"], timezone=row["timezone"], email=row["email"],
        version=row["version"]))


def disposition(row: Row) -> Disposition:
    return trusted(Disposition, dict(
        code=row["code"], label=row["label"], needs_callback=bool(row["needs_callback"]),
        active=bool(row["active"])))


def transfer(row: Row) -> Transfer:
    return trusted(Transfer, dict(
        call_id=row["call_id"], from_operator=row["from_operator"], target=row["target"],
        kind=TransferKind(row["kind"]), note=row["note"], ticket_id=row["ticket_id"],
        timeout_seconds=row["timeout_seconds"], id=row["id"],
        status=TransferStatus(row["status"]),
        created_at=as_utc(row["created_at"]), responded_at=as_utc(row["responded_at"]),
        responded_by=row["responded_by"], expires_at=as_utc(row["expires_at"]),
        version=row["version"]))


def event(row: Row) -> Event:
    return trusted(Event, dict(id=row["id"], kind=row["kind"], subject=row["subject"],
                               at=as_utc(row["at"]), data=row["data"]))
