"""The calls storage on PostgreSQL (backends/calls/storage.py): persistence only; the rules are
the calls service's (docs/ARCHITECTURE.md). One `write` is one transaction on a pooled
connection (connection.py); `PgCallsWriter` works on that connection.

Claims: the queue's heads are read `FOR UPDATE SKIP LOCKED`, so servers answering at once take
different calls instead of queueing behind one row lock, and the claim itself is an UPDATE
conditional on the state, which PostgreSQL re-checks on the newest row: a call is claimed once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from backends.calls.models import Call, CallState
from backends.calls.service import CallsService
from backends.errors import NotFound
from backends.i18n import _
from backends.people.models import Presence
from backends.postgres import rows, search
from backends.postgres.connection import Conn, PgStore
from backends.postgres.events import append_event

T = TypeVar("T")

QUEUE_ORDER = "priority DESC, vip DESC, arrived_at ASC, id ASC"


def get_call(conn: Conn, call_id: int) -> Call:
    """One statement (the call and its tickets' ids)."""
    row = conn.execute(f"{rows.CALLS_WITH_TICKETS} WHERE id = %s", [call_id]).fetchone()
    if row is None:
        raise NotFound(_("no {what} {key}").format(what=_("call"), key=call_id))
    return rows.call(row, list(row["ticket_ids"]))


def link(conn: Conn, call_id: int, ticket_ids: Sequence[int]) -> None:
    if ticket_ids:
        conn.execute("INSERT INTO call_tickets (call_id, ticket_id) "
                     "SELECT %s, t FROM unnest(%s::bigint[]) AS t ON CONFLICT DO NOTHING",
                     [call_id, list(ticket_ids)])


def insert_call(conn: Conn, values: dict[str, object], ticket_ids: Sequence[int] = ()) -> int:
    stored = {name: rows.column_value(value) for name, value in values.items()}
    marks = ", ".join(["%s"] * len(stored))
    row = conn.execute(f"INSERT INTO calls ({', '.join(stored)}) VALUES ({marks}) RETURNING id",
                       list(stored.values())).fetchone()
    assert row is not None
    call_id = int(row["id"])
    link(conn, call_id, ticket_ids)
    return call_id


class PgCallsWriter:
    """`CallsWriter` on the connection of one write transaction."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn
        self.now = rows.now()

    def get_call(self, call_id: int) -> Call:
        return get_call(self.conn, call_id)

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int] = ()) -> int:
        return insert_call(self.conn, values, ticket_ids)

    def claim(self, call_id: int, operator: str, claimable: Sequence[CallState]) -> bool:
        states = [CallState(s).value for s in claimable]
        return self.conn.execute(
            "UPDATE calls SET state = 'active', operator = %s, "
            "answered_at = COALESCE(answered_at, %s), version = version + 1 "
            "WHERE id = %s AND state = ANY(%s)",
            [operator, self.now, call_id, states]).rowcount > 0

    def queue_heads(self, limit: int) -> list[int]:
        """The first head no other transaction holds, locked for this one (SKIP LOCKED): it
        stays waiting until this transaction ends, so claiming it cannot fail and it is all
        the caller needs. When every head is held, the heads in queue order: claiming them
        waits for their holders and re-checks their state, so a waiting call is never
        missed."""
        mine = [r["id"] for r in self.conn.execute(
            f"SELECT id FROM calls WHERE state = 'waiting' ORDER BY {QUEUE_ORDER} "
            "LIMIT 1 FOR UPDATE SKIP LOCKED")]
        if mine:
            return mine
        return [r["id"] for r in self.conn.execute(
            f"SELECT id FROM calls WHERE state = 'waiting' ORDER BY {QUEUE_ORDER} LIMIT %s",
            [limit])]

    def offered_to(self, operator: str, limit: int) -> list[int]:
        return [r["id"] for r in self.conn.execute(
            "SELECT id FROM calls WHERE state = 'offered' AND operator = %s "
            f"ORDER BY {QUEUE_ORDER} LIMIT %s", [operator, limit])]

    def _update(self, call_id: int, fields: dict[str, object], condition: str,
                expected: object) -> bool:
        assignments = "".join(f"{c} = %s, " for c in fields)
        return self.conn.execute(
            f"UPDATE calls SET {assignments}version = version + 1 "
            f"WHERE id = %s AND {condition} = %s",
            [*(rows.column_value(v) for v in fields.values()), call_id, expected]).rowcount > 0

    def update_if_state(self, call_id: int, state: CallState,
                        fields: dict[str, object]) -> bool:
        return self._update(call_id, fields, "state", CallState(state).value)

    def update_if_version(self, call_id: int, version: int, fields: dict[str, object]) -> bool:
        return self._update(call_id, fields, "version", version)

    def link_tickets(self, call_id: int, ticket_ids: Sequence[int]) -> None:
        self.conn.execute("DELETE FROM call_tickets WHERE call_id = %s", [call_id])
        link(self.conn, call_id, ticket_ids)

    def customer_exists(self, customer_id: int) -> bool:
        return rows.exists(self.conn, "customers", customer_id)

    def ticket_exists(self, ticket_id: int) -> bool:
        return rows.exists(self.conn, "tickets", ticket_id)

    def disposition_exists(self, code: str) -> bool:
        return rows.exists(self.conn, "dispositions", code, "code")

    def customers_by_email(self, email: str, limit: int) -> list[int]:
        return [r["id"] for r in self.conn.execute(
            "SELECT id FROM customers WHERE email = %s ORDER BY id LIMIT %s", [email, limit])]

    def customers_by_phone(self, number: str) -> list[int]:
        return search.exact_phone_ids(self.conn, number)

    def customer_tags(self, customer_id: int) -> list[str]:
        return list(rows.fetch_row(self.conn, "customers", customer_id, "")["tags"])

    def presence_of(self, operator: str) -> tuple[Presence, str | None] | None:
        row = self.conn.execute("SELECT presence, pause_reason FROM operators WHERE name = %s",
                                [operator]).fetchone()
        return None if row is None else (Presence(row["presence"]), row["pause_reason"])

    def set_presence(self, operator: str, presence: Presence, reason: str | None) -> None:
        # a return time belongs to away and do-not-disturb only (backends/people/rules.py)
        self.conn.execute("UPDATE operators SET presence = %s, pause_reason = %s, "
                          "back_at = CASE WHEN %s IN ('away', 'dnd') THEN back_at END, "
                          "presence_since = %s, version = version + 1 WHERE name = %s",
                          [presence.value, reason, presence.value, rows.now(), operator])

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class PgCallsStorage:
    """`CallsStorage` on one PostgreSQL database."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    async def write(self, work: Callable[[PgCallsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(PgCallsWriter(conn)))

    async def get_call(self, call_id: int) -> Call:
        return await self._store.statement(lambda conn: get_call(conn, call_id))

    async def list_calls(self, *, states: Sequence[CallState], customer_id: int | None,
                         operator: str | None, limit: int, queue_order: bool) -> list[Call]:
        where: list[str] = []
        params: list[object] = []
        values = [CallState(s).value for s in states]
        if values:
            where.append("state = ANY(%s)")
            params.append(values)
        if customer_id is not None:
            where.append("customer_id = %s")
            params.append(customer_id)
        if operator is not None:
            where.append("operator = %s")
            params.append(operator)
        sql = "SELECT * FROM calls"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {QUEUE_ORDER if queue_order else 'id DESC'} LIMIT %s"
        params.append(limit)
        return await self._store.read(
            lambda conn: rows.calls(conn, conn.execute(sql, params).fetchall()))


def service(store: PgStore, region: str) -> CallsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return CallsService(PgCallsStorage(store), region)


