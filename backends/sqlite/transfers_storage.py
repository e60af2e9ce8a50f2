"""The transfers storage on SQLite (backends/transfers/storage.py): persistence only; the rules
are the transfers service's (docs/ARCHITECTURE.md). Its writer works on the connection of one
write transaction, calls included (through the calls writer), so a transfer, both its calls
and the presences that follow them commit together."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from backends.calls.models import Call, CallState
from backends.i18n import _
from backends.people.models import DirectoryKind, Presence, Role
from backends.sqlite import rows
from backends.sqlite.base import exists, fetch_row
from backends.sqlite.calls_storage import SqliteCallsWriter, column_value
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event
from backends.transfers.models import Transfer, TransferStatus
from backends.transfers.service import TransfersService

T = TypeVar("T")


def get_transfer(conn: sqlite3.Connection, transfer_id: int) -> Transfer:
    return rows.transfer(fetch_row(conn, "transfers", transfer_id, _("transfer")))


class SqliteTransfersWriter:
    """`TransfersWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.calls = SqliteCallsWriter(conn)
        self.now = self.calls.now

    def get_transfer(self, transfer_id: int) -> Transfer:
        return get_transfer(self.conn, transfer_id)

    def insert_transfer(self, values: dict[str, object]) -> int:
        stored = {**{k: column_value(v) for k, v in values.items()}, "version": 1}
        cursor = self.conn.execute(
            f"INSERT INTO transfers ({', '.join(stored)}) "
            f"VALUES ({rows.placeholders(list(stored))})", list(stored.values()))
        return int(cursor.lastrowid or 0)

    def answer_if_offered(self, transfer_id: int, status: TransferStatus,
                          by: str | None) -> bool:
        cursor = self.conn.execute(
            "UPDATE transfers SET status = ?, responded_at = ?, responded_by = ?, "
            "version = version + 1 WHERE id = ? AND status = 'offered'",
            [status.value, rows.now_ts(), by, transfer_id])
        return cursor.rowcount > 0

    def record_new_call(self, transfer_id: int, call_id: int) -> None:
        self.conn.execute("UPDATE transfers SET new_call_id = ? WHERE id = ?",
                          [call_id, transfer_id])

    def offered_for_call(self, call_id: int) -> int | None:
        row = self.conn.execute("SELECT id FROM transfers WHERE call_id = ? AND status = ?",
                                [call_id, TransferStatus.OFFERED.value]).fetchone()
        return None if row is None else int(row[0])

    def offered_transfers(self, limit: int) -> list[Transfer]:
        return [rows.transfer(r) for r in self.conn.execute(
            "SELECT * FROM transfers WHERE status = 'offered' ORDER BY id LIMIT ?", [limit])]

    def presence_of(self, target: str) -> Presence | None:
        row = self.conn.execute("SELECT presence FROM operators WHERE name = ?",
                                [target]).fetchone()
        if row is None:
            people = (DirectoryKind.PERSON.value, DirectoryKind.EXTERNAL.value)
            row = self.conn.execute(
                "SELECT presence FROM directory WHERE name = ? COLLATE NOCASE AND kind IN (?, ?) "
                "ORDER BY id LIMIT 1", [target, *people]).fetchone()
        return None if row is None else Presence(row[0])

    def free_supervisors(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM operators WHERE role = ? AND presence = ? "
            "ORDER BY presence_since, name",
            [Role.SUPERVISOR.value, Presence.AVAILABLE.value])]

    def role_of(self, name: str) -> Role | None:
        row = self.conn.execute("SELECT role FROM operators WHERE name = ?", [name]).fetchone()
        return Role(row[0]) if row is not None else None

    def is_person(self, target: str) -> bool:
        # case as the simulator and the directory filter match names
        people = (DirectoryKind.PERSON.value, DirectoryKind.EXTERNAL.value)
        return self.conn.execute(
            "SELECT 1 FROM operators WHERE name = ? COLLATE NOCASE UNION ALL "
            "SELECT 1 FROM directory WHERE name = ? COLLATE NOCASE AND kind IN (?, ?) LIMIT 1",
            [target, target, *people]).fetchone() is not None

    def queue_for(self, target: str) -> str | None:
        row = self.conn.execute(
            "SELECT name FROM directory WHERE kind = ? AND (name = ? COLLATE NOCASE "
            "OR department = ? COLLATE NOCASE) ORDER BY name = ? COLLATE NOCASE DESC, id "
            "LIMIT 1", [DirectoryKind.QUEUE.value, target, target, target]).fetchone()
        return None if row is None else str(row[0])

    def ticket_exists(self, ticket_id: int) -> bool:
        return exists(self.conn, "tickets", ticket_id)

    def get_call(self, call_id: int) -> Call:
        return self.calls.get_call(call_id)

    def update_call_if_state(self, call_id: int, state: CallState,
                             fields: dict[str, object]) -> bool:
        return self.calls.update_if_state(call_id, state, fields)

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int]) -> int:
        return self.calls.insert_call(values, ticket_ids)

    @property
    def calls_writer(self) -> SqliteCallsWriter:
        return self.calls

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteTransfersStorage:
    """`TransfersStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteTransfersWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteTransfersWriter(conn)))

    async def list_transfers(self, *, target: str | None, status: TransferStatus | None,
                             call_id: int | None, limit: int) -> list[Transfer]:
        where: list[str] = []
        params: list[object] = []
        if target is not None:
            where.append("target = ?")
            params.append(target)
        if status is not None:
            where.append("status = ?")
            params.append(status.value)
        if call_id is not None:
            where.append("call_id = ?")
            params.append(call_id)
        sql = "SELECT * FROM transfers"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        return await self._store.read(
            lambda conn: [rows.transfer(r) for r in conn.execute(sql, params)])


    async def waiting_offers(self, limit: int) -> list[tuple[Transfer, CallState]]:
        sql = ("SELECT transfers.*, calls.state AS call_state FROM transfers "
               "JOIN calls ON calls.id = transfers.call_id "
               "WHERE transfers.status = 'offered' ORDER BY transfers.id LIMIT ?")
        return await self._store.read(lambda conn: [
            (rows.transfer(r), CallState(r["call_state"])) for r in conn.execute(sql, [limit])])


def service(store: Store, _region: str) -> TransfersService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return TransfersService(SqliteTransfersStorage(store))
