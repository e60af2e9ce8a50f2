"""The messages storage on SQLite (backends/messages/storage.py), its tables
(messages_migrations.py) and its `service(store, region)` factory; persistence only, the rules
are the messages service's (docs/ARCHITECTURE.md, "Adding a domain")."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from backends.i18n import _
from backends.messages.models import Message, Urgency
from backends.messages.service import MessagesService
from backends.people.models import Role
from backends.sqlite import rows
from backends.sqlite.base import fetch_row
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event
from backends.trusted import trusted

T = TypeVar("T")
TIMES = ("created_at", "read_at", "done_at", "mailed_at", "next_mail_at")


def message(row: sqlite3.Row) -> Message:
    values = dict(row)
    for key in TIMES:
        values[key] = rows.from_ts(values[key])
    values["urgency"] = Urgency(values["urgency"])
    values["call_back"] = bool(values["call_back"])
    return trusted(Message, values)


def get_message(conn: sqlite3.Connection, message_id: int) -> Message:
    return message(fetch_row(conn, "messages", message_id, _("message")))


def _stored(value: object) -> object:
    if isinstance(value, datetime):
        return rows.to_ts(value)
    if isinstance(value, bool):
        return int(value)
    return value.value if isinstance(value, Urgency) else value


class SqliteMessagesWriter:
    """`MessagesWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.now = datetime.now(UTC)

    def recipient(self, name: str) -> tuple[str, str | None] | None:
        row = self.conn.execute("SELECT name, NULL FROM operators WHERE name = ? COLLATE NOCASE "
                                "UNION ALL SELECT name, email FROM directory WHERE name = ? "
                                "COLLATE NOCASE LIMIT 1", [name, name]).fetchone()
        return None if row is None else (row[0], row[1])

    def call_facts(self, call_id: int) -> tuple[str, int | None]:
        row = fetch_row(self.conn, "calls", call_id, _("call"))
        return row["caller"], row["customer_id"]

    def role_of(self, name: str) -> Role | None:
        row = self.conn.execute("SELECT role FROM operators WHERE name = ?", [name]).fetchone()
        return Role(row[0]) if row is not None else None

    def insert_message(self, values: dict[str, object]) -> int:
        columns = list(values)
        cursor = self.conn.execute(
            f"INSERT INTO messages ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _c in columns)})",
            [_stored(values[c]) for c in columns])
        return int(cursor.lastrowid or 0)

    def get_message(self, message_id: int) -> Message:
        return get_message(self.conn, message_id)

    def update_if_version(self, message_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        sets = ", ".join(f"{column} = ?" for column in fields)
        cursor = self.conn.execute(
            f"UPDATE messages SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
            [*(_stored(v) for v in fields.values()), message_id, version])
        return cursor.rowcount == 1

    def due_mail(self, now: datetime, limit: int) -> list[Message]:
        return [message(r) for r in self.conn.execute(
            "SELECT * FROM messages WHERE mail_to IS NOT NULL AND mailed_at IS NULL AND "
            "(next_mail_at IS NULL OR next_mail_at <= ?) ORDER BY id LIMIT ?",
            [rows.to_ts(now), limit])]

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteMessagesStorage:
    """`MessagesStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteMessagesWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteMessagesWriter(conn)))

    async def get_message(self, message_id: int) -> Message:
        return await self._store.read(lambda conn: get_message(conn, message_id))

    async def inbox(self, recipient: str, include_done: bool, limit: int) -> list[Message]:
        done = "" if include_done else " AND done_at IS NULL"
        return await self._store.read(lambda conn: [message(r) for r in conn.execute(
            f"SELECT * FROM messages WHERE for_name = ? COLLATE NOCASE{done} "
            "ORDER BY id DESC LIMIT ?", [recipient, limit])])

    async def unread_count(self, recipient: str) -> int:
        return await self._store.read(lambda conn: int(conn.execute(
            "SELECT COUNT(*) FROM messages WHERE for_name = ? COLLATE NOCASE AND "
            "read_at IS NULL AND done_at IS NULL", [recipient]).fetchone()[0]))

    async def for_customer(self, customer_id: int, limit: int) -> list[Message]:
        return await self._store.read(lambda conn: [message(r) for r in conn.execute(
            "SELECT * FROM messages WHERE customer_id = ? ORDER BY id DESC LIMIT ?",
            [customer_id, limit])])


def service(store: Store, _region: str) -> MessagesService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return MessagesService(SqliteMessagesStorage(store))
