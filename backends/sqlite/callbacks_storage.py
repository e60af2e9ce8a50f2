"""The callbacks storage on SQLite (backends/callbacks/storage.py): persistence only; the rules are
the callbacks service's (docs/ARCHITECTURE.md). Its writer works on the connection of one write
transaction, calls included (through the calls writer), so making a callback, its outbound call
and the operator's presence commit together. Also the `service(store, region)` factory the
domain registry names.

Customers and tickets are referred to by id without a foreign key: on a composed backend
(Request Tracker) they live in the helpdesk, not in this file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from backends.callbacks.models import Callback, CallbackScope, CallbackState
from backends.callbacks.service import CallbacksService
from backends.i18n import _
from backends.people.models import Role
from backends.sqlite import rows
from backends.sqlite.base import exists, fetch_row
from backends.sqlite.calls_storage import SqliteCallsWriter, column_value
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event

T = TypeVar("T")
_TIMES = ("due_at", "created_at", "handed_over_at", "first_made_at", "done_at")


def callback(row: sqlite3.Row) -> Callback:
    values: dict[str, Any] = dict(row)
    del values["window_end"], values["handover_at"]
    for name in _TIMES:
        values[name] = rows.from_ts(values[name])
    values["history"] = json.loads(values["history"])
    return Callback.model_validate(values)


def _stored(values: dict[str, object]) -> dict[str, object]:
    stored = {name: column_value(value) for name, value in values.items()}
    if "history" in values:
        stored["history"] = rows.dumps(values["history"])
    return stored


class SqliteCallbacksWriter:
    """`CallbacksWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.calls = SqliteCallsWriter(conn)

    def get_callback(self, callback_id: int) -> Callback:
        return callback(fetch_row(self.conn, "callbacks", callback_id, _("callback")))

    def insert_callback(self, values: dict[str, object]) -> int:
        stored = {**_stored(values), "version": 1}
        cursor = self.conn.execute(
            f"INSERT INTO callbacks ({', '.join(stored)}) "
            f"VALUES ({rows.placeholders(list(stored))})", list(stored.values()))
        return int(cursor.lastrowid or 0)

    def update_if_version(self, callback_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        stored = _stored(fields)
        assignments = ", ".join(f"{name} = ?" for name in stored)
        cursor = self.conn.execute(
            f"UPDATE callbacks SET {assignments}, version = version + 1 "
            "WHERE id = ? AND version = ?", [*stored.values(), callback_id, version])
        return cursor.rowcount > 0

    def personal_open_before(self, handover_before: datetime, limit: int) -> list[Callback]:
        return [callback(r) for r in self.conn.execute(
            "SELECT * FROM callbacks WHERE scope = 'personal' AND state = 'open' "
            "AND handover_at <= ? ORDER BY handover_at, id LIMIT ?",
            [rows.to_ts(handover_before), limit])]

    def role_of(self, name: str) -> Role | None:
        row = self.conn.execute("SELECT role FROM operators WHERE name = ?", [name]).fetchone()
        return Role(row[0]) if row is not None else None

    def managers(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM operators WHERE role IN (?, ?) ORDER BY name",
            [Role.SUPERVISOR.value, Role.ADMIN.value])]

    def call_exists(self, call_id: int) -> bool:
        return exists(self.conn, "calls", call_id)

    def customer_here(self, customer_id: int) -> bool:
        return exists(self.conn, "customers", customer_id)

    def ticket_here(self, ticket_id: int) -> bool:
        return exists(self.conn, "tickets", ticket_id)

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int] = ()) -> int:
        return self.calls.insert_call(values, ticket_ids)

    @property
    def calls_writer(self) -> SqliteCallsWriter:
        return self.calls

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteCallbacksStorage:
    """`CallbacksStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteCallbacksWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteCallbacksWriter(conn)))

    async def get_callback(self, callback_id: int) -> Callback:
        return await self._store.read(lambda conn: callback(
            fetch_row(conn, "callbacks", callback_id, _("callback"))))

    async def list_callbacks(self, *, owner: str | None, states: list[CallbackState],
                             customer_id: int | None, ticket_id: int | None,
                             due_before: datetime | None, due_from: datetime | None,
                             limit: int, scope: CallbackScope | None = None,
                             handover_before: datetime | None = None) -> list[Callback]:
        where: list[str] = []
        params: list[object] = []
        if scope is not None:
            where.append("scope = ?")
            params.append(CallbackScope(scope).value)
        if handover_before is not None:
            where.append("handover_at <= ?")
            params.append(rows.to_ts(handover_before))
        for column, value in (("owner", owner), ("customer_id", customer_id),
                              ("ticket_id", ticket_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if states:
            where.append(f"state IN ({rows.placeholders(states)})")
            params.extend(CallbackState(s).value for s in states)
        if due_before is not None:
            where.append("due_at <= ?")
            params.append(rows.to_ts(due_before))
        if due_from is not None:
            where.append("due_at >= ?")
            params.append(rows.to_ts(due_from))
        sql = "SELECT * FROM callbacks"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY due_at, id LIMIT ?"
        params.append(limit)
        return await self._store.read(lambda conn: [callback(r) for r in conn.execute(sql, params)])


def service(store: Store, _region: str) -> CallbacksService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return CallbacksService(SqliteCallbacksStorage(store))


