"""Calls: the queue, atomic claims, state transitions, and presence that follows them."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from backends import phones
from backends.call_rules import check_state_change, holder_at_creation
from backends.errors import Conflict, Invalid, NotFound
from backends.i18n import _
from backends.models import (
    CALL_TRANSITIONS,
    Call,
    CallChanges,
    CallDraft,
    CallState,
    Channel,
    Presence,
)
from backends.sqlite import rows, search
from backends.sqlite.base import SqliteBase, exists, fetch_row, revalidate
from backends.sqlite.events import append_event
from backends.sqlite.people import ensure_presence
from backends.sqlite.tickets import check_customer

CLAIMABLE = ("waiting", "offered")
QUEUE_ORDER = "priority DESC, vip DESC, arrived_at ASC, id ASC"
ENDING = frozenset({CallState.WRAP_UP, CallState.DONE, CallState.ABANDONED,
                    CallState.TRANSFERRED})
# presence an operator gets when their call reaches a state; only from these presences
PRESENCE_AFTER: dict[CallState, Presence] = {
    CallState.ACTIVE: Presence.ON_CALL,
    CallState.WRAP_UP: Presence.WRAP_UP,
    CallState.DONE: Presence.AVAILABLE,
    CallState.ABANDONED: Presence.AVAILABLE,
    CallState.TRANSFERRED: Presence.WRAP_UP,  # the outcome is still to be recorded
    CallState.WAITING: Presence.AVAILABLE,
}
BUSY = (Presence.ON_CALL.value, Presence.WRAP_UP.value)
# states whose outcome is still to be recorded (finish_call)
AWAITING_OUTCOME = (CallState.WRAP_UP, CallState.TRANSFERRED)


def get_call(conn: sqlite3.Connection, call_id: int) -> Call:
    return rows.call(conn, fetch_row(conn, "calls", call_id, _("call")))


def follow_presence(conn: sqlite3.Connection, operator: str | None, state: CallState) -> None:
    """Move the operator's presence with the call; leave paused or offline people alone when a
    call ends (they chose that), and do nothing for names that are not operators."""
    presence = PRESENCE_AFTER.get(state)
    if not operator or presence is None:
        return
    row = conn.execute("SELECT presence FROM operators WHERE name = ?", [operator]).fetchone()
    if row is None or row["presence"] == presence.value:
        return
    if presence is not Presence.ON_CALL and row["presence"] not in BUSY:
        return
    conn.execute("UPDATE operators SET presence = ?, pause_reason = NULL, presence_since = ?, "
                 "version = version + 1 WHERE name = ?",
                 [presence.value, rows.now_ts(), operator])
    append_event(conn, "operator.presence", f"operator:{operator}",
                 {"presence": presence.value, "from": row["presence"]})


def check_disposition(conn: sqlite3.Connection, code: str) -> None:
    if not exists(conn, "dispositions", code, "code"):
        raise Invalid("disposition", _("'{code}' is not a known call outcome").format(code=code))


def insert_call(conn: sqlite3.Connection, values: dict[str, object],
                ticket_ids: Sequence[int] = ()) -> int:
    columns = ", ".join(values)
    cursor = conn.execute(f"INSERT INTO calls ({columns}) VALUES ({rows.placeholders(values)})",
                          list(values.values()))
    call_id = int(cursor.lastrowid or 0)
    conn.executemany("INSERT OR IGNORE INTO call_tickets (call_id, ticket_id) VALUES (?, ?)",
                     [(call_id, t) for t in ticket_ids])
    return call_id


def claim(conn: sqlite3.Connection, call_id: int, operator: str) -> Call | None:
    """One conditional UPDATE: the call becomes this operator's only if still claimable."""
    now = rows.now_ts()
    cursor = conn.execute(
        "UPDATE calls SET state = 'active', operator = ?, answered_at = COALESCE(answered_at, ?), "
        f"version = version + 1 WHERE id = ? AND state IN {CLAIMABLE!r}",
        [operator, now, call_id])
    if cursor.rowcount == 0:
        return None
    append_event(conn, "call.claimed", f"call:{call_id}", {"operator": operator})
    follow_presence(conn, operator, CallState.ACTIVE)
    return get_call(conn, call_id)


def check_operator_named(operator: str) -> None:
    if not operator or not operator.strip():
        raise Invalid("operator", _("a call is answered by a named operator"))


def claim_in(conn: sqlite3.Connection, call_id: int | None, operator: str) -> Call:
    """Claim `call_id`, or the head of the queue when None, inside the caller's transaction."""
    if call_id is not None:
        claimed = claim(conn, call_id, operator)
        if claimed is not None:
            return claimed
        current = get_call(conn, call_id)  # NotFound when there is no such call
        raise Conflict(_("call {id} is already {state} ({who})").format(
            id=call_id, state=current.state.value, who=current.operator or "-"),
            current=current)
    # head of the queue; under BEGIN IMMEDIATE nobody can race us, but a lost
    # conditional update still just moves on to the next head
    for (head,) in conn.execute(
            f"SELECT id FROM calls WHERE state = 'waiting' ORDER BY {QUEUE_ORDER} "
            "LIMIT 20").fetchall():
        claimed = claim(conn, head, operator)
        if claimed is not None:
            return claimed
    raise NotFound(_("no call is waiting"))


def change_state(conn: sqlite3.Connection, call_id: int, target: CallState,
                 operator: str | None, disposition: str | None) -> Call:
    """Move the call along CALL_TRANSITIONS, conditionally on its current state."""
    current = get_call(conn, call_id)
    check_state_change(current, target)
    if target not in CALL_TRANSITIONS[current.state]:
        raise Conflict(_("call {id} is {state}; it cannot become {target}").format(
            id=call_id, state=current.state.value, target=target.value),
            current=current)
    outcome = disposition or current.disposition
    if target is CallState.DONE and not outcome:
        raise Invalid("disposition", _("a finished call needs an outcome"))
    if disposition:
        check_disposition(conn, disposition)
    elif target is CallState.DONE and outcome:
        check_disposition(conn, outcome)
    who = operator or current.operator
    columns: dict[str, object] = {"state": target.value, "disposition": outcome}
    if target is CallState.ACTIVE:
        if not who:
            raise Invalid("operator", _("a call is answered by a named operator"))
        columns["operator"] = who
        columns["answered_at"] = rows.to_ts(current.answered_at) or rows.now_ts()
    elif target is CallState.OFFERED:
        columns["operator"] = who  # ringing at this operator's desk
    elif target is CallState.WAITING:
        columns["operator"] = None  # back in the queue, nobody's call
    if target in ENDING:
        columns["ended_at"] = rows.to_ts(current.ended_at) or rows.now_ts()
    assignments = ", ".join(f"{c} = ?" for c in columns)
    cursor = conn.execute(
        f"UPDATE calls SET {assignments}, version = version + 1 "
        "WHERE id = ? AND state = ?", [*columns.values(), call_id, current.state.value])
    if cursor.rowcount == 0:
        raise Conflict(_("call {id} changed meanwhile").format(id=call_id),
                       current=get_call(conn, call_id))
    append_event(conn, "call.state", f"call:{call_id}",
                 {"from": current.state.value, "to": target.value, "operator": who,
                  "disposition": outcome})
    follow_presence(conn, who, target)
    return get_call(conn, call_id)


def apply_changes(conn: sqlite3.Connection, call_id: int, version: int,
                  fields: dict[str, Any]) -> Call:
    """The edit of a call's fields, conditionally on its version."""
    current = get_call(conn, call_id)
    if current.version != version:
        raise Conflict(_("call {id} was changed by someone else (version {v})").format(
            id=call_id, v=current.version), current=current)
    columns: dict[str, object] = {}
    for name, value in fields.items():
        if name == "ticket_ids":
            continue
        if name == "customer_id":
            check_customer(conn, value)
        elif name == "disposition" and value:
            check_disposition(conn, value)
        elif name in ("queue", "priority", "notes") and value is None:
            continue
        columns[name] = value
    assignments = "".join(f"{c} = ?, " for c in columns)
    cursor = conn.execute(
        f"UPDATE calls SET {assignments}version = version + 1 "
        "WHERE id = ? AND version = ?", [*columns.values(), call_id, version])
    if cursor.rowcount == 0:
        raise Conflict(_("call {id} was changed by someone else").format(id=call_id),
                       current=get_call(conn, call_id))
    if fields.get("ticket_ids") is not None:
        for ticket_id in fields["ticket_ids"]:
            if not exists(conn, "tickets", ticket_id):
                raise Invalid("ticket_ids", _("there is no ticket {id}").format(
                    id=ticket_id))
        conn.execute("DELETE FROM call_tickets WHERE call_id = ?", [call_id])
        conn.executemany("INSERT OR IGNORE INTO call_tickets (call_id, ticket_id) "
                         "VALUES (?, ?)", [(call_id, t) for t in fields["ticket_ids"]])
    append_event(conn, "call.updated", f"call:{call_id}", {"fields": sorted(fields)})
    return get_call(conn, call_id)


class CallsMixin(SqliteBase):
    async def create_call(self, draft: CallDraft) -> Call:
        draft = revalidate(draft)
        holder = holder_at_creation(draft)
        caller = draft.caller
        if draft.channel in (Channel.VOICE, Channel.SMS):
            caller = phones.try_normalize(caller, self.region) or caller

        def write(conn: sqlite3.Connection) -> Call:
            customer_id = draft.customer_id
            if customer_id is not None:
                check_customer(conn, customer_id)
            elif "@" in caller:
                ids = [r[0] for r in conn.execute(
                    "SELECT id FROM customers WHERE email = ? LIMIT 2", [caller.lower()])]
                customer_id = ids[0] if len(ids) == 1 else None
            else:
                ids = search.exact_phone_ids(conn, caller)
                customer_id = ids[0] if len(ids) == 1 else None
            vip = draft.vip
            if customer_id is not None and not vip:
                tags = rows.customer(fetch_row(conn, "customers", customer_id, "")).tags
                vip = any(t.upper() == "VIP" for t in tags)
            now = rows.now_ts()
            # an outbound call is its dialler's from the start, never queued
            state = CallState.ACTIVE if holder else CallState.WAITING
            call_id = insert_call(conn, {
                "channel": draft.channel.value, "direction": draft.direction.value,
                "caller": caller, "customer_id": customer_id, "queue": draft.queue,
                "priority": draft.priority, "vip": int(vip), "state": state.value,
                "arrived_at": rows.to_ts(draft.arrived_at) or now,
                "answered_at": now if holder else None, "operator": holder,
                "notes": draft.notes, "version": 1})
            append_event(conn, "call.created", f"call:{call_id}",
                         {"queue": draft.queue, "customer_id": customer_id, "vip": vip,
                          "operator": holder})
            follow_presence(conn, holder, state)
            return get_call(conn, call_id)

        return await self._store.write(write)

    async def get_call(self, call_id: int) -> Call:
        return await self._store.read(lambda conn: get_call(conn, call_id))

    async def list_calls(self, *, states: Sequence[CallState] | None = None,
                         customer_id: int | None = None, operator: str | None = None,
                         limit: int = 100) -> list[Call]:
        where: list[str] = []
        params: list[object] = []
        values = [CallState(s).value for s in states or ()]
        if values:
            where.append(f"state IN ({rows.placeholders(values)})")
            params += values
        if customer_id is not None:
            where.append("customer_id = ?")
            params.append(customer_id)
        if operator is not None:
            where.append("operator = ?")
            params.append(operator)
        queue_view = bool(values) and set(values) <= set(CLAIMABLE)
        sql = "SELECT * FROM calls"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {QUEUE_ORDER if queue_view else 'id DESC'} LIMIT ?"
        params.append(max(0, int(limit)))
        return await self._store.read(
            lambda conn: [rows.call(conn, r) for r in conn.execute(sql, params)])

    async def claim_call(self, call_id: int | None, operator: str) -> Call:
        check_operator_named(operator)
        return await self._store.write(lambda conn: claim_in(conn, call_id, operator))

    async def set_call_state(self, call_id: int, state: CallState, *,
                             operator: str | None = None,
                             disposition: str | None = None) -> Call:
        target = CallState(state)
        return await self._store.write(
            lambda conn: change_state(conn, call_id, target, operator, disposition))

    async def update_call(self, call_id: int, version: int, changes: CallChanges) -> Call:
        changes = revalidate(changes)
        fields = {name: getattr(changes, name) for name in changes.model_fields_set}
        return await self._store.write(lambda conn: apply_changes(conn, call_id, version, fields))

    # -- the operator's use cases: each one transaction (call and presence together) -------
    async def answer_call(self, call_id: int | None, operator: str) -> Call:
        """`claim_call`, and the operator on a call. An operator who is not registered gets
        NotFound and nothing is claimed."""
        check_operator_named(operator)

        def write(conn: sqlite3.Connection) -> Call:
            call = claim_in(conn, call_id, operator)
            ensure_presence(conn, operator, Presence.ON_CALL)
            return call

        return await self._store.write(write)

    async def end_call(self, call_id: int, operator: str) -> Call:
        """An active or held call → wrap_up, and the operator in wrap-up. A call already in
        wrap_up or handed away (transferred) keeps its state: its outcome is still to come."""
        check_operator_named(operator)

        def write(conn: sqlite3.Connection) -> Call:
            call = get_call(conn, call_id)
            if call.state in (CallState.ACTIVE, CallState.ON_HOLD):
                call = change_state(conn, call_id, CallState.WRAP_UP, operator, None)
            elif call.state not in AWAITING_OUTCOME:
                raise Conflict(_("call {id} is {state}; it cannot become {target}").format(
                    id=call_id, state=call.state.value, target=CallState.WRAP_UP.value),
                    current=call)
            ensure_presence(conn, operator, Presence.WRAP_UP)
            return call

        return await self._store.write(write)

    async def finish_call(self, call_id: int, operator: str, disposition: str) -> Call:
        """The outcome: wrap_up → done with `disposition`; a transferred call keeps its state
        and records the outcome. Then the operator is available."""
        check_operator_named(operator)
        if not disposition or not disposition.strip():
            raise Invalid("disposition", _("a finished call needs an outcome"))

        def write(conn: sqlite3.Connection) -> Call:
            call = get_call(conn, call_id)
            if call.state is CallState.WRAP_UP:
                call = change_state(conn, call_id, CallState.DONE, operator, disposition)
            elif call.state is CallState.TRANSFERRED:
                if call.disposition != disposition:
                    call = apply_changes(conn, call_id, call.version,
                                         {"disposition": disposition})
            else:
                raise Conflict(_("call {id} is {state}; it cannot become {target}").format(
                    id=call_id, state=call.state.value, target=CallState.DONE.value),
                    current=call)
            ensure_presence(conn, operator, Presence.AVAILABLE)
            return call

        return await self._store.write(write)
