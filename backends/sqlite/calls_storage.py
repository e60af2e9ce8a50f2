"""The calls storage on SQLite (backends/calls/storage.py): persistence only; the rules are the
calls service's (docs/ARCHITECTURE.md). One `write` is one BEGIN IMMEDIATE transaction on the
store's write connection; `SqliteCallsWriter` works on that connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from backends.calls.models import Call, CallState
from backends.calls.service import CallsService
from backends.i18n import _
from backends.people.models import Presence
from backends.sqlite import rows, search
from backends.sqlite.base import exists, fetch_row
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event

T = TypeVar("T")

QUEUE_ORDER = "priority DESC, vip DESC, arrived_at ASC, id ASC"


def column_value(value: object) -> object:
    """A model value as SQLite keeps it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return rows.to_ts(value)
    return value


def get_call(conn: sqlite3.Connection, call_id: int) -> Call:
    return rows.call(conn, fetch_row(conn, "calls", call_id, _("call")))


def insert_call(conn: sqlite3.Connection, values: dict[str, object],
                ticket_ids: Sequence[int] = ()) -> int:
    stored = {name: column_value(value) for name, value in values.items()}
    columns = ", ".join(stored)
    cursor = conn.execute(
        f"INSERT INTO calls ({columns}) VALUES ({rows.placeholders(list(stored))})",
        list(stored.values()))
    call_id = int(cursor.lastrowid or 0)
    conn.executemany("INSERT OR IGNORE INTO call_tickets (call_id, ticket_id) VALUES (?, ?)",
                     [(call_id, t) for t in ticket_ids])
    return call_id


class SqliteCallsWriter:
    """`CallsWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.now = datetime.now(UTC)

    def get_call(self, call_id: int) -> Call:
        return get_call(self.conn, call_id)

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int] = ()) -> int:
        return insert_call(self.conn, values, ticket_ids)

    def claim(self, call_id: int, operator: str, claimable: Sequence[CallState]) -> bool:
        states = [CallState(s).value for s in claimable]
        cursor = self.conn.execute(
            "UPDATE calls SET state = 'active', operator = ?, "
            "answered_at = COALESCE(answered_at, ?), version = version + 1 "
            f"WHERE id = ? AND state IN ({rows.placeholders(states)})",
            [operator, rows.to_ts(self.now), call_id, *states])
        return cursor.rowcount > 0

    def queue_heads(self, limit: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            f"SELECT id FROM calls WHERE state = 'waiting' ORDER BY {QUEUE_ORDER} LIMIT ?",
            [limit]).fetchall()]

    def offered_to(self, operator: str, limit: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM calls WHERE state = 'offered' AND operator = ? "
            f"ORDER BY {QUEUE_ORDER} LIMIT ?", [operator, limit]).fetchall()]

    def _update(self, call_id: int, fields: dict[str, object], condition: str,
                expected: object) -> bool:
        assignments = "".join(f"{c} = ?, " for c in fields)
        cursor = self.conn.execute(
            f"UPDATE calls SET {assignments}version = version + 1 "
            f"WHERE id = ? AND {condition} = ?",
            [*(column_value(v) for v in fields.values()), call_id, expected])
        return cursor.rowcount > 0

    def update_if_state(self, call_id: int, state: CallState,
                        fields: dict[str, object]) -> bool:
        return self._update(call_id, fields, "state", CallState(state).value)

    def update_if_version(self, call_id: int, version: int, fields: dict[str, object]) -> bool:
        return self._update(call_id, fields, "version", version)

    def link_tickets(self, call_id: int, ticket_ids: Sequence[int]) -> None:
        self.conn.execute("DELETE FROM call_tickets WHERE call_id = ?", [call_id])
        self.conn.executemany("INSERT OR IGNORE INTO call_tickets (call_id, ticket_id) "
                              "VALUES (?, ?)", [(call_id, t) for t in ticket_ids])

    def customer_exists(self, customer_id: int) -> bool:
        return exists(self.conn, "customers", customer_id)

    def ticket_exists(self, ticket_id: int) -> bool:
        return exists(self.conn, "tickets", ticket_id)

    def disposition_exists(self, code: str) -> bool:
        return exists(self.conn, "dispositions", code, "code")

    def customers_by_email(self, email: str, limit: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM customers WHERE email = ? LIMIT ?", [email, limit])]

    def customers_by_phone(self, number: str) -> list[int]:
        return search.exact_phone_ids(self.conn, number)

    def customer_tags(self, customer_id: int) -> list[str]:
        return rows.customer(fetch_row(self.conn, "customers", customer_id, "")).tags

    def presence_of(self, operator: str) -> tuple[Presence, str | None] | None:
        row = self.conn.execute("SELECT presence, pause_reason FROM operators WHERE name = ?",
                                [operator]).fetchone()
        return None if row is None else (Presence(row["presence"]), row["pause_reason"])

    def set_presence(self, operator: str, presence: Presence, reason: str | None) -> None:
        # a return time belongs to away and do-not-disturb only (backends/people/rules.py)
        self.conn.execute("UPDATE operators SET presence = ?, pause_reason = ?, "
                          "back_at = CASE WHEN ? IN ('away', 'dnd') THEN back_at END, "
                          "presence_since = ?, version = version + 1 WHERE name = ?",
                          [presence.value, reason, presence.value, rows.now_ts(), operator])

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteCallsStorage:
    """`CallsStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteCallsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteCallsWriter(conn)))

    async def get_call(self, call_id: int) -> Call:
        return await self._store.read(lambda conn: get_call(conn, call_id))

    async def list_calls(self, *, states: Sequence[CallState], customer_id: int | None,
                         operator: str | None, limit: int, queue_order: bool) -> list[Call]:
        where: list[str] = []
        params: list[object] = []
        values = [CallState(s).value for s in states]
        if values:
            where.append(f"state IN ({rows.placeholders(values)})")
            params += values
        if customer_id is not None:
            where.append("customer_id = ?")
            params.append(customer_id)
        if operator is not None:
            where.append("operator = ?")
            params.append(operator)
        sql = "SELECT * FROM calls"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {QUEUE_ORDER if queue_order else 'id DESC'} LIMIT ?"
        params.append(limit)
        return await self._store.read(
            lambda conn: [rows.call(conn, r) for r in conn.execute(sql, params)])


def service(store: Store, region: str) -> CallsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return CallsService(SqliteCallsStorage(store), region)
