"""The transfers storage on PostgreSQL (backends/transfers/storage.py): persistence only; the
rules are the transfers service's (docs/ARCHITECTURE.md). Its writer works on the connection of
one transaction, calls included (through the calls writer), so a transfer, both its calls and
the presences that follow them commit together."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from backends.calls.models import Call, CallState
from backends.i18n import _
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from backends.postgres import rows
from backends.postgres.calls_storage import PgCallsWriter
from backends.postgres.connection import Conn, PgStore
from backends.postgres.events import append_event
from backends.transfers.models import Transfer, TransferStatus
from backends.transfers.service import TransfersService

T = TypeVar("T")


def get_transfer(conn: Conn, transfer_id: int) -> Transfer:
    return rows.transfer(rows.fetch_row(conn, "transfers", transfer_id, _("transfer")))


class PgTransfersWriter:
    """`TransfersWriter` on the connection of one write transaction."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn
        self.calls = PgCallsWriter(conn)
        self.now = self.calls.now

    def get_transfer(self, transfer_id: int) -> Transfer:
        return get_transfer(self.conn, transfer_id)

    def insert_transfer(self, values: dict[str, object]) -> int:
        stored = {**{k: rows.column_value(v) for k, v in values.items()}, "version": 1}
        marks = ", ".join(["%s"] * len(stored))
        row = self.conn.execute(
            f"INSERT INTO transfers ({', '.join(stored)}) VALUES ({marks}) RETURNING id",
            list(stored.values())).fetchone()
        assert row is not None
        return int(row["id"])

    def answer_if_offered(self, transfer_id: int, status: TransferStatus,
                          by: str | None) -> bool:
        return self.conn.execute(
            "UPDATE transfers SET status = %s, responded_at = %s, responded_by = %s, "
            "version = version + 1 WHERE id = %s AND status = 'offered'",
            [status.value, rows.now(), by, transfer_id]).rowcount > 0

    def record_new_call(self, transfer_id: int, call_id: int) -> None:
        self.conn.execute("UPDATE transfers SET new_call_id = %s WHERE id = %s",
                          [call_id, transfer_id])

    def offered_for_call(self, call_id: int) -> int | None:
        row = self.conn.execute("SELECT id FROM transfers WHERE call_id = %s AND status = %s",
                                [call_id, TransferStatus.OFFERED.value]).fetchone()
        return None if row is None else int(row["id"])

    def offered_transfers(self, limit: int) -> list[Transfer]:
        return [rows.transfer(r) for r in self.conn.execute(
            "SELECT * FROM transfers WHERE status = 'offered' ORDER BY id LIMIT %s", [limit])]

    def presence_of(self, target: str) -> Presence | None:
        row = self.conn.execute("SELECT presence FROM operators WHERE name = %s",
                                [target]).fetchone()
        if row is None:
            people = [DirectoryKind.PERSON.value, DirectoryKind.EXTERNAL.value]
            row = self.conn.execute(
                "SELECT presence FROM directory WHERE lower(name) = lower(%s) "
                "AND kind = ANY(%s) ORDER BY id LIMIT 1", [target, people]).fetchone()
        return None if row is None else Presence(row["presence"])

    def target_of(self, target: str) -> Operator | DirectoryEntry | None:
        row = self.conn.execute("SELECT * FROM operators WHERE name = %s", [target]).fetchone()
        if row is not None:
            return rows.operator(row)
        row = self.conn.execute("SELECT * FROM directory WHERE lower(name) = lower(%s) "
                                "ORDER BY id LIMIT 1", [target]).fetchone()
        return None if row is None else rows.directory_entry(row)

    def free_supervisors(self) -> list[str]:
        return [r["name"] for r in self.conn.execute(
            'SELECT name FROM operators WHERE role = %s AND presence = %s '
            'ORDER BY presence_since, name COLLATE "C"',
            [Role.SUPERVISOR.value, Presence.AVAILABLE.value])]

    def queue_for(self, target: str) -> str | None:
        row = self.conn.execute(
            "SELECT name FROM directory WHERE kind = %s AND (lower(name) = lower(%s) "
            "OR lower(department) = lower(%s)) ORDER BY lower(name) = lower(%s) DESC, id "
            "LIMIT 1", [DirectoryKind.QUEUE.value, target, target, target]).fetchone()
        return None if row is None else str(row["name"])

    def role_of(self, name: str) -> Role | None:
        row = self.conn.execute("SELECT role FROM operators WHERE name = %s",
                                [name]).fetchone()
        return Role(row["role"]) if row is not None else None

    def is_person(self, target: str) -> bool:
        # case as the simulator and the directory filter match names
        people = [DirectoryKind.PERSON.value, DirectoryKind.EXTERNAL.value]
        return self.conn.execute(
            "SELECT 1 FROM operators WHERE lower(name) = lower(%s) UNION ALL "
            "SELECT 1 FROM directory WHERE lower(name) = lower(%s) AND kind = ANY(%s) LIMIT 1",
            [target, target, people]).fetchone() is not None

    def ticket_exists(self, ticket_id: int) -> bool:
        return rows.exists(self.conn, "tickets", ticket_id)

    def get_call(self, call_id: int) -> Call:
        return self.calls.get_call(call_id)

    def update_call_if_state(self, call_id: int, state: CallState,
                             fields: dict[str, object]) -> bool:
        return self.calls.update_if_state(call_id, state, fields)

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int]) -> int:
        return self.calls.insert_call(values, ticket_ids)

    @property
    def calls_writer(self) -> PgCallsWriter:
        return self.calls

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class PgTransfersStorage:
    """`TransfersStorage` on one PostgreSQL database."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    async def write(self, work: Callable[[PgTransfersWriter], T]) -> T:
        return await self._store.write(lambda conn: work(PgTransfersWriter(conn)))

    async def list_transfers(self, *, target: str | None, status: TransferStatus | None,
                             call_id: int | None, limit: int) -> list[Transfer]:
        where: list[str] = []
        params: list[object] = []
        if target is not None:
            where.append("target = %s")
            params.append(target)
        if status is not None:
            where.append("status = %s")
            params.append(status.value)
        if call_id is not None:
            where.append("call_id = %s")
            params.append(call_id)
        sql = "SELECT * FROM transfers"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT %s"
        params.append(limit)
        return await self._store.read(
            lambda conn: [rows.transfer(r) for r in conn.execute(sql, params)])

    async def waiting_offers(self, limit: int) -> list[tuple[Transfer, CallState]]:
        """The transfers still offered, with the state of their call now."""
        return await _waiting(self._store, limit)


async def _waiting(store: PgStore, limit: int) -> list[tuple[Transfer, CallState]]:
    sql = ("SELECT transfers.*, calls.state AS call_state FROM transfers "
           "JOIN calls ON calls.id = transfers.call_id "
           "WHERE transfers.status = 'offered' ORDER BY transfers.id LIMIT %s")
    return await store.read(lambda conn: [
        (rows.transfer(r), CallState(r["call_state"])) for r in conn.execute(sql, [limit])])


def service(store: PgStore, _region: str) -> TransfersService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return TransfersService(PgTransfersStorage(store))
