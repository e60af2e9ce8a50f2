"""The parking storage on SQLite (backends/parking/storage.py), its tables (parking_migrations.py)
and its `service(store, region)` factory; persistence only, the rules are the parking service's
(docs/ARCHITECTURE.md, "Adding a domain"). Its writer works on the connection of one write
transaction, calls included (through the calls writer)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from backends.calls.models import Call, CallState
from backends.i18n import _
from backends.parking.models import ParkedCall, ParkStatus
from backends.parking.service import ParkingService
from backends.people.models import Role
from backends.sqlite import rows
from backends.sqlite.base import fetch_row
from backends.sqlite.calls_storage import SqliteCallsWriter, column_value
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event
from backends.trusted import trusted

T = TypeVar("T")


def parked(row: sqlite3.Row) -> ParkedCall:
    values = dict(row)
    values.pop("call_state", None)  # read alongside by parked_with_states
    for key in ("parked_at", "returns_at", "closed_at"):
        values[key] = rows.from_ts(values[key])
    values["status"] = ParkStatus(values["status"])
    return trusted(ParkedCall, values)


def _parked_now(conn: sqlite3.Connection) -> list[ParkedCall]:
    return [parked(r) for r in conn.execute(
        "SELECT * FROM parked_calls WHERE status = 'parked' ORDER BY slot")]


def _get(conn: sqlite3.Connection, parked_id: int) -> ParkedCall:
    return parked(fetch_row(conn, "parked_calls", parked_id, _("parked call")))


class SqliteParkingWriter:
    """`ParkingWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.calls = SqliteCallsWriter(conn)

    def get_call(self, call_id: int) -> Call:
        return self.calls.get_call(call_id)

    def update_call_if_state(self, call_id: int, state: CallState,
                             fields: dict[str, object]) -> bool:
        return self.calls.update_if_state(call_id, state, fields)

    @property
    def calls_writer(self) -> SqliteCallsWriter:
        return self.calls

    def role_of(self, name: str) -> Role | None:
        row = self.conn.execute("SELECT role FROM operators WHERE name = ?", [name]).fetchone()
        return Role(row[0]) if row is not None else None

    def parked_now(self) -> list[ParkedCall]:
        return _parked_now(self.conn)

    def insert_parked(self, values: dict[str, object]) -> int:
        stored = {k: column_value(v) for k, v in values.items()}
        cursor = self.conn.execute(
            f"INSERT INTO parked_calls ({', '.join(stored)}) "
            f"VALUES ({rows.placeholders(list(stored))})", list(stored.values()))
        return int(cursor.lastrowid or 0)

    def get_parked(self, parked_id: int) -> ParkedCall:
        return _get(self.conn, parked_id)

    def close_if_parked(self, parked_id: int, status: ParkStatus,
                        fields: dict[str, object]) -> bool:
        stored = {"status": status.value, **{k: column_value(v) for k, v in fields.items()}}
        sets = ", ".join(f"{column} = ?" for column in stored)
        cursor = self.conn.execute(
            f"UPDATE parked_calls SET {sets}, version = version + 1 "
            "WHERE id = ? AND status = 'parked'", [*stored.values(), parked_id])
        return cursor.rowcount == 1

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteParkingStorage:
    """`ParkingStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteParkingWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteParkingWriter(conn)))

    async def list_parked(self) -> list[ParkedCall]:
        return await self._store.read(_parked_now)

    async def parked_with_states(self) -> list[tuple[ParkedCall, CallState]]:
        return await self._store.read(lambda conn: [
            (parked(r), CallState(r["call_state"])) for r in conn.execute(
                "SELECT p.*, c.state AS call_state FROM parked_calls p "
                "JOIN calls c ON c.id = p.call_id WHERE p.status = 'parked'")])

    async def get_parked(self, parked_id: int) -> ParkedCall:
        return await self._store.read(lambda conn: _get(conn, parked_id))


def service(store: Store, _region: str) -> ParkingService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return ParkingService(SqliteParkingStorage(store))
