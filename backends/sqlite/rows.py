"""Rows to models and back. Stored data is trusted, so models are built without re-validation
(re-parsing every phone number would cost more than the lookup itself)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from backends.models import (
    Call,
    CallState,
    Channel,
    Consent,
    Customer,
    Direction,
    DirectoryEntry,
    DirectoryKind,
    Disposition,
    EntryKind,
    Event,
    Operator,
    Presence,
    Role,
    Ticket,
    TicketCategory,
    TicketEntry,
    TicketPriority,
    TicketStatus,
    Transfer,
    TransferKind,
    TransferStatus,
)
from backends.trusted import trusted

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def now_ts() -> str:
    return datetime.now(UTC).strftime(_FORMAT)


def to_ts(value: datetime | None) -> str | None:
    """Fixed-width UTC text, so text order is time order. Naive times are taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    # isoformat, not strftime: glibc's %Y writes year 137 as '137', which no parser reads back
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def from_ts(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value)  # C fast path; reads the trailing Z as UTC


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def e164_list(numbers: list[str]) -> str:
    """JSON of E.164 numbers (only '+' and digits, so nothing to escape), without json's cost."""
    return '["' + '","'.join(numbers) + '"]' if numbers else "[]"


def placeholders(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def json_list(text: str) -> list[Any]:
    """A stored JSON list; the empty one (most customers' tags) without json's cost."""
    return [] if text == "[]" else json.loads(text)


def customer(row: sqlite3.Row) -> Customer:
    return trusted(Customer, dict(
        name=row["name"], company=row["company"], phones=json_list(row["phones"]),
        email=row["email"], language=row["language"], tags=json_list(row["tags"]),
        consent=trusted(Consent, dict(marketing=bool(row["consent_marketing"]),
                                      recording=bool(row["consent_recording"]))),
        notes=row["notes"], id=row["id"], code=row["code"],
        created_at=from_ts(row["created_at"]), updated_at=from_ts(row["updated_at"]),
        version=row["version"]))


def customers_by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> list[Customer]:
    """Customers in the order of `ids` (missing ones skipped)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found: dict[int, Customer] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in conn.execute(
                f"SELECT * FROM customers WHERE id IN ({placeholders(chunk)})", chunk):
            found[row["id"]] = customer(row)
    return [found[i] for i in wanted if i in found]


def links(conn: sqlite3.Connection, column: str, value: int) -> list[int]:
    """Ticket ids of a call (column='call_id') or call ids of a ticket (column='ticket_id')."""
    other = "ticket_id" if column == "call_id" else "call_id"
    return [r[0] for r in conn.execute(
        f"SELECT {other} FROM call_tickets WHERE {column} = ? ORDER BY {other}", [value])]


def ticket(conn: sqlite3.Connection, row: sqlite3.Row) -> Ticket:
    return trusted(Ticket, dict(
        subject=row["subject"], category=TicketCategory(row["category"]),
        priority=TicketPriority(row["priority"]), status=TicketStatus(row["status"]),
        tier=row["tier"], assignee=row["assignee"], due_at=from_ts(row["due_at"]),
        tags=json.loads(row["tags"]), id=row["id"], customer_id=row["customer_id"],
        call_ids=links(conn, "ticket_id", row["id"]), created_at=from_ts(row["created_at"]),
        updated_at=from_ts(row["updated_at"]), version=row["version"]))


def entry(row: sqlite3.Row) -> TicketEntry:
    return trusted(TicketEntry, dict(
        kind=EntryKind(row["kind"]), author=row["author"], body=row["body"], id=row["id"],
        ticket_id=row["ticket_id"], created_at=from_ts(row["created_at"])))


def call(conn: sqlite3.Connection, row: sqlite3.Row) -> Call:
    return trusted(Call, dict(
        id=row["id"], channel=Channel(row["channel"]), direction=Direction(row["direction"]),
        caller=row["caller"], customer_id=row["customer_id"], queue=row["queue"],
        priority=row["priority"], vip=bool(row["vip"]), state=CallState(row["state"]),
        arrived_at=from_ts(row["arrived_at"]), answered_at=from_ts(row["answered_at"]),
        ended_at=from_ts(row["ended_at"]), operator=row["operator"],
        disposition=row["disposition"], notes=row["notes"], handover_note=row["handover_note"],
        ticket_ids=links(conn, "call_id", row["id"]), version=row["version"]))


def operator(row: sqlite3.Row) -> Operator:
    return trusted(Operator, dict(
        id=row["id"], name=row["name"], display_name=row["display_name"],
        extension=row["extension"], role=Role(row["role"]),
        languages=json.loads(row["languages"]), presence=Presence(row["presence"]),
        pause_reason=row["pause_reason"], presence_since=from_ts(row["presence_since"]),
        version=row["version"]))


def directory_entry(row: sqlite3.Row) -> DirectoryEntry:
    return trusted(DirectoryEntry, dict(
        id=row["id"], name=row["name"], kind=DirectoryKind(row["kind"]),
        department=row["department"], extension=row["extension"], number=row["number"],
        presence=Presence(row["presence"]), notes=row["notes"], version=row["version"]))


def disposition(row: sqlite3.Row) -> Disposition:
    return trusted(Disposition, dict(
        code=row["code"], label=row["label"], needs_callback=bool(row["needs_callback"]),
        active=bool(row["active"])))


def transfer(row: sqlite3.Row) -> Transfer:
    return trusted(Transfer, dict(
        call_id=row["call_id"], from_operator=row["from_operator"], target=row["target"],
        kind=TransferKind(row["kind"]), note=row["note"], ticket_id=row["ticket_id"],
        timeout_seconds=row["timeout_seconds"], id=row["id"],
        status=TransferStatus(row["status"]),
        created_at=from_ts(row["created_at"]), responded_at=from_ts(row["responded_at"]),
        responded_by=row["responded_by"], expires_at=from_ts(row["expires_at"]),
        version=row["version"]))


def event(row: sqlite3.Row) -> Event:
    return trusted(Event, dict(id=row["id"], kind=row["kind"], subject=row["subject"],
                               at=from_ts(row["at"]), data=json.loads(row["data"])))
