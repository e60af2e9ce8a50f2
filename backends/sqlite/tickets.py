"""Tickets and their entries (notes, replies, call logs, system lines)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.models import (
    EntryKind,
    Ticket,
    TicketChanges,
    TicketDraft,
    TicketEntry,
    TicketEntryDraft,
    TicketStatus,
)
from backends.sqlite import rows, search
from backends.sqlite.base import SqliteBase, exists, fetch_row, revalidate
from backends.sqlite.events import append_event


def get_ticket(conn: sqlite3.Connection, ticket_id: int) -> Ticket:
    return rows.ticket(conn, fetch_row(conn, "tickets", ticket_id, _("ticket")))


def insert_entry(conn: sqlite3.Connection, ticket_id: int, kind: EntryKind, author: str | None,
                 body: str) -> int:
    cursor = conn.execute(
        "INSERT INTO ticket_entries (ticket_id, kind, author, body, created_at) "
        "VALUES (?, ?, ?, ?, ?)", [ticket_id, kind.value, author, body, rows.now_ts()])
    return int(cursor.lastrowid or 0)


def check_customer(conn: sqlite3.Connection, customer_id: int | None) -> None:
    if customer_id is not None and not exists(conn, "customers", customer_id):
        raise Invalid("customer_id", _("there is no customer {id}").format(id=customer_id))


def _stale(conn: sqlite3.Connection, ticket_id: int, version: int) -> Ticket:
    """The stored ticket, or Conflict carrying it when `version` is stale."""
    current = get_ticket(conn, ticket_id)
    if current.version != version:
        raise Conflict(_("ticket {ref} was changed by someone else (version {v})").format(
            ref=current.ref, v=current.version), current=current)
    return current


def _conditional_update(conn: sqlite3.Connection, ticket_id: int, version: int,
                        columns: dict[str, object]) -> None:
    columns = {**columns, "updated_at": rows.now_ts()}
    assignments = ", ".join(f"{c} = ?" for c in columns)
    cursor = conn.execute(
        f"UPDATE tickets SET {assignments}, version = version + 1 WHERE id = ? AND version = ?",
        [*columns.values(), ticket_id, version])
    if cursor.rowcount == 0:
        raise Conflict(_("ticket {id} was changed by someone else").format(id=ticket_id),
                       current=get_ticket(conn, ticket_id))


def apply_changes(conn: sqlite3.Connection, ticket_id: int, version: int,
                  fields: dict[str, Any]) -> Ticket:
    """The edit of a ticket's fields, conditionally on its version."""
    _stale(conn, ticket_id, version)
    columns: dict[str, object] = {}
    for name, value in fields.items():
        if name in ("category", "priority", "status"):
            if value is not None:
                columns[name] = value.value
        elif name in ("subject", "tier"):
            if value is not None:
                columns[name] = value
        elif name == "tags":
            columns[name] = rows.dumps(value or [])
        elif name == "due_at":
            columns[name] = rows.to_ts(value)
        elif name == "customer_id":
            check_customer(conn, value)
            columns[name] = value
        else:
            columns[name] = value
    _conditional_update(conn, ticket_id, version, columns)
    append_event(conn, "ticket.updated", f"ticket:{ticket_id}", {"fields": sorted(fields)})
    return get_ticket(conn, ticket_id)


def add_entry(conn: sqlite3.Connection, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
    fetch_row(conn, "tickets", ticket_id, _("ticket"))
    entry_id = insert_entry(conn, ticket_id, entry.kind, entry.author, entry.body)
    # the ticket was touched but not edited: no version bump, no stale editors
    conn.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", [rows.now_ts(), ticket_id])
    append_event(conn, "ticket.entry", f"ticket:{ticket_id}",
                 {"entry_id": entry_id, "kind": entry.kind.value})
    return rows.entry(fetch_row(conn, "ticket_entries", entry_id, _("entry")))


def entries_of(conn: sqlite3.Connection, ticket_id: int) -> list[TicketEntry]:
    """Oldest first; NotFound when there is no such ticket."""
    fetch_row(conn, "tickets", ticket_id, _("ticket"))
    return [rows.entry(r) for r in conn.execute(
        "SELECT * FROM ticket_entries WHERE ticket_id = ? ORDER BY id", [ticket_id])]


class TicketsMixin(SqliteBase):
    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        draft = revalidate(draft)
        def write(conn: sqlite3.Connection) -> Ticket:
            check_customer(conn, draft.customer_id)
            if draft.call_id is not None and not exists(conn, "calls", draft.call_id):
                raise Invalid("call_id", _("there is no call {id}").format(id=draft.call_id))
            now = rows.now_ts()
            cursor = conn.execute(
                "INSERT INTO tickets (customer_id, subject, category, priority, status, tier, "
                "assignee, due_at, tags, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                [draft.customer_id, draft.subject, draft.category.value, draft.priority.value,
                 draft.status.value, draft.tier, draft.assignee, rows.to_ts(draft.due_at),
                 rows.dumps(draft.tags), now, now])
            ticket_id = int(cursor.lastrowid or 0)
            if draft.body.strip():
                insert_entry(conn, ticket_id, EntryKind.NOTE, draft.author, draft.body)
            if draft.call_id is not None:
                conn.execute("INSERT OR IGNORE INTO call_tickets (call_id, ticket_id) "
                             "VALUES (?, ?)", [draft.call_id, ticket_id])
            append_event(conn, "ticket.created", f"ticket:{ticket_id}",
                         {"customer_id": draft.customer_id, "call_id": draft.call_id})
            return get_ticket(conn, ticket_id)

        return await self._store.write(write)

    async def get_ticket(self, ticket_id: int) -> Ticket:
        return await self._store.read(lambda conn: get_ticket(conn, ticket_id))

    async def update_ticket(self, ticket_id: int, version: int, changes: TicketChanges) -> Ticket:
        changes = revalidate(changes)
        fields = {name: getattr(changes, name) for name in changes.model_fields_set}

        return await self._store.write(
            lambda conn: apply_changes(conn, ticket_id, version, fields))

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        def write(conn: sqlite3.Connection) -> Ticket:
            current = _stale(conn, ticket_id, version)
            if current.tier >= 3:
                raise Invalid("tier", _("ticket {ref} is already at the highest tier (3)").format(
                    ref=current.ref))
            tier = current.tier + 1
            columns: dict[str, object] = {"tier": tier}
            if current.status is TicketStatus.NEW:
                columns["status"] = TicketStatus.OPEN.value
            _conditional_update(conn, ticket_id, version, columns)
            line = _("Escalated to tier {tier}").format(tier=tier)
            if reason.strip():
                line = f"{line}: {reason.strip()}"
            insert_entry(conn, ticket_id, EntryKind.SYSTEM, author, line)
            append_event(conn, "ticket.escalated", f"ticket:{ticket_id}",
                         {"tier": tier, "by": author})
            return get_ticket(conn, ticket_id)

        return await self._store.write(write)

    async def list_tickets(self, *, customer_id: int | None = None,
                           statuses: Sequence[TicketStatus] | None = None,
                           assignee: str | None = None, limit: int = 50) -> list[Ticket]:
        where: list[str] = []
        params: list[object] = []
        if customer_id is not None:
            where.append("customer_id = ?")
            params.append(customer_id)
        if statuses:
            values = [TicketStatus(s).value for s in statuses]
            where.append(f"status IN ({rows.placeholders(values)})")
            params += values
        if assignee is not None:
            where.append("assignee = ?")
            params.append(assignee)
        sql = "SELECT * FROM tickets"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(max(0, int(limit)))
        return await self._store.read(
            lambda conn: [rows.ticket(conn, r) for r in conn.execute(sql, params)])

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        if not query or not query.strip():
            return []

        def read(conn: sqlite3.Connection) -> list[Ticket]:
            return [get_ticket(conn, i) for i in search.search_ticket_ids(conn, query, limit)]

        return await self._store.read(read)

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
        entry = revalidate(entry)
        return await self._store.write(lambda conn: add_entry(conn, ticket_id, entry))

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        return await self._store.read(lambda conn: entries_of(conn, ticket_id))

    async def save_ticket(self, ticket_id: int, version: int, changes: TicketChanges,
                          note: TicketEntryDraft | None = None) -> tuple[Ticket, list[TicketEntry]]:
        """The editor's save in one transaction: the changes (when any field is set; stale
        `version` → Conflict and nothing is written) and the note (when it has text)."""
        changes = revalidate(changes)
        fields = {name: getattr(changes, name) for name in changes.model_fields_set}
        note = revalidate(note) if note is not None and note.body.strip() else None

        def write(conn: sqlite3.Connection) -> tuple[Ticket, list[TicketEntry]]:
            ticket = (apply_changes(conn, ticket_id, version, fields) if fields
                      else get_ticket(conn, ticket_id))
            if note is not None:
                add_entry(conn, ticket_id, note)
                ticket = get_ticket(conn, ticket_id)  # the note touched updated_at
            return ticket, entries_of(conn, ticket_id)

        return await self._store.write(write)
