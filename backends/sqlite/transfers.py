"""Transfers: blind and queue ones complete at once; warm and escalation ones wait for an answer.

Completing a transfer ends the old call (→ transferred) and puts a NEW call in the target's
queue (for a person, the queue is named after them) carrying the caller, the customer, the
handover note and the tickets. On an accepted warm transfer the accepter gets that call
at once (active).
"""

from __future__ import annotations

import sqlite3

from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.models import (
    CALL_TRANSITIONS,
    Call,
    CallState,
    DirectoryKind,
    Role,
    Transfer,
    TransferDraft,
    TransferKind,
    TransferStatus,
)
from backends.sqlite import rows
from backends.sqlite.base import SqliteBase, exists, fetch_row, revalidate
from backends.sqlite.calls import follow_presence, get_call, insert_call
from backends.sqlite.events import append_event
from backends.transfers.rules import check_may_answer, check_may_transfer

IMMEDIATE = frozenset({TransferKind.BLIND, TransferKind.QUEUE})


def get_transfer(conn: sqlite3.Connection, transfer_id: int) -> Transfer:
    return rows.transfer(fetch_row(conn, "transfers", transfer_id, _("transfer")))


def role_of(conn: sqlite3.Connection, name: str) -> Role | None:
    """The role this name has as an operator of the store; None for anybody else."""
    row = conn.execute("SELECT role FROM operators WHERE name = ?", [name]).fetchone()
    return Role(row[0]) if row is not None else None


def target_is_person(conn: sqlite3.Connection, target: str) -> bool:
    """An operator login or a directory person or outside number (case as the simulator and
    the directory filter match names); departments, queues and bare queue names are not."""
    people = (DirectoryKind.PERSON.value, DirectoryKind.EXTERNAL.value)
    return conn.execute(
        "SELECT 1 FROM operators WHERE name = ? COLLATE NOCASE UNION ALL "
        "SELECT 1 FROM directory WHERE name = ? COLLATE NOCASE AND kind IN (?, ?) LIMIT 1",
        [target, target, *people]).fetchone() is not None


def _check_transferable(conn: sqlite3.Connection, call: Call) -> None:
    if CallState.TRANSFERRED not in CALL_TRANSITIONS[call.state]:
        raise Conflict(_("call {id} is {state} and can no longer be transferred").format(
            id=call.id, state=call.state.value), current=call)


def complete(conn: sqlite3.Connection, transfer: Transfer, accepter: str | None) -> int:
    """End the old call and queue (or hand over) the new one; return the new call's id."""
    old = get_call(conn, transfer.call_id)
    _check_transferable(conn, old)
    now = rows.now_ts()
    cursor = conn.execute(
        "UPDATE calls SET state = 'transferred', ended_at = COALESCE(ended_at, ?), "
        "disposition = COALESCE(disposition, 'TRANSFERRED'), version = version + 1 "
        "WHERE id = ? AND state = ?", [now, old.id, old.state.value])
    if cursor.rowcount == 0:
        raise Conflict(_("call {id} changed meanwhile").format(id=old.id),
                       current=get_call(conn, old.id))
    append_event(conn, "call.state", f"call:{old.id}",
                 {"from": old.state.value, "to": "transferred", "transfer_id": transfer.id})
    follow_presence(conn, old.operator, CallState.TRANSFERRED)
    tickets = list(old.ticket_ids)
    if transfer.ticket_id is not None and transfer.ticket_id not in tickets:
        tickets.append(transfer.ticket_id)
    state = CallState.ACTIVE if accepter else CallState.WAITING
    new_id = insert_call(conn, {
        "channel": old.channel.value, "direction": old.direction.value, "caller": old.caller,
        "customer_id": old.customer_id, "queue": transfer.target[:60],
        "priority": old.priority, "vip": int(old.vip), "state": state.value,
        "arrived_at": now, "answered_at": now if accepter else None, "operator": accepter,
        "notes": old.notes, "handover_note": transfer.note or None, "version": 1}, tickets)
    append_event(conn, "call.created", f"call:{new_id}",
                 {"queue": transfer.target, "from_call": old.id, "transfer_id": transfer.id,
                  "operator": accepter})
    if accepter:
        follow_presence(conn, accepter, CallState.ACTIVE)
    conn.execute("UPDATE transfers SET new_call_id = ? WHERE id = ?", [new_id, transfer.id])
    return new_id


class TransfersMixin(SqliteBase):
    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        draft = revalidate(draft)
        def write(conn: sqlite3.Connection) -> Transfer:
            call = get_call(conn, draft.call_id)
            check_may_transfer(call, draft.from_operator, role_of(conn, draft.from_operator))
            _check_transferable(conn, call)
            if draft.ticket_id is not None and not exists(conn, "tickets", draft.ticket_id):
                raise Invalid("ticket_id", _("there is no ticket {id}").format(id=draft.ticket_id))
            pending = conn.execute("SELECT id FROM transfers WHERE call_id = ? AND status = ?",
                                   [draft.call_id, TransferStatus.OFFERED.value]).fetchone()
            if pending is not None:
                raise Conflict(_("call {id} already has a transfer waiting for an answer").format(
                    id=draft.call_id), current=get_transfer(conn, pending[0]))
            immediate = draft.kind in IMMEDIATE
            now = rows.now_ts()
            status = TransferStatus.ACCEPTED if immediate else TransferStatus.OFFERED
            cursor = conn.execute(
                "INSERT INTO transfers (call_id, from_operator, target, kind, note, ticket_id, "
                "status, created_at, responded_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                [draft.call_id, draft.from_operator, draft.target, draft.kind.value, draft.note,
                 draft.ticket_id, status.value, now, now if immediate else None])
            transfer_id = int(cursor.lastrowid or 0)
            append_event(conn, "transfer.created", f"transfer:{transfer_id}",
                         {"call_id": draft.call_id, "kind": draft.kind.value,
                          "target": draft.target, "status": status.value})
            if immediate:
                complete(conn, get_transfer(conn, transfer_id), None)
            return get_transfer(conn, transfer_id)

        return await self._store.write(write)

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        if not by or not by.strip():
            raise Invalid("by", _("a transfer is answered by a named operator"))

        def write(conn: sqlite3.Connection) -> Transfer:
            transfer = get_transfer(conn, transfer_id)
            if transfer.status is TransferStatus.OFFERED:  # else: the Conflict below says so
                check_may_answer(transfer, by, role_of(conn, by),
                                 target_is_person(conn, transfer.target))
            status = TransferStatus.ACCEPTED if accept else TransferStatus.DECLINED
            cursor = conn.execute(
                "UPDATE transfers SET status = ?, responded_at = ?, responded_by = ?, "
                "version = version + 1 WHERE id = ? AND status = 'offered'",
                [status.value, rows.now_ts(), by, transfer_id])
            if cursor.rowcount == 0:
                raise Conflict(_("transfer {id} was already answered ({status})").format(
                    id=transfer_id, status=transfer.status.value), current=transfer)
            if accept:
                complete(conn, transfer, by)
            append_event(conn, f"transfer.{status.value}", f"transfer:{transfer_id}",
                         {"call_id": transfer.call_id, "by": by})
            return get_transfer(conn, transfer_id)

        return await self._store.write(write)

    async def list_transfers(self, *, target: str | None = None,
                             status: TransferStatus | None = None, call_id: int | None = None,
                             limit: int = 50) -> list[Transfer]:
        where: list[str] = []
        params: list[object] = []
        if target is not None:
            where.append("target = ?")
            params.append(target)
        if status is not None:
            where.append("status = ?")
            params.append(TransferStatus(status).value)
        if call_id is not None:
            where.append("call_id = ?")
            params.append(call_id)
        sql = "SELECT * FROM transfers"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(max(0, int(limit)))
        return await self._store.read(
            lambda conn: [rows.transfer(r) for r in conn.execute(sql, params)])
