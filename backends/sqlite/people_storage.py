"""The people storage on SQLite (backends/people/storage.py): operators, the directory and
dispositions; persistence only, the rules are the people service's (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from backends.i18n import _
from backends.people.models import DirectoryEntry, Disposition, Operator, Presence
from backends.people.service import PeopleService
from backends.search_text import fold
from backends.sqlite import rows
from backends.sqlite.base import fetch_row
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event

T = TypeVar("T")
DIRECTORY_TEXT = ("name", "department", "extension", "notes")  # what a filter searches


def get_operator(conn: sqlite3.Connection, name: str) -> Operator:
    return rows.operator(fetch_row(conn, "operators", name, _("operator"), column="name"))


def get_entry(conn: sqlite3.Connection, entry_id: int) -> DirectoryEntry:
    return rows.directory_entry(fetch_row(conn, "directory", entry_id, _("directory entry")))


class SqlitePeopleWriter:
    """`PeopleWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get_operator(self, name: str) -> Operator:
        return get_operator(self.conn, name)

    def save_operator(self, operator: Operator) -> bool:
        values = [operator.display_name, operator.extension, operator.role.value,
                  rows.dumps(operator.languages), operator.presence.value,
                  operator.pause_reason, rows.to_ts(operator.presence_since),
                  rows.to_ts(operator.back_at)]
        row = self.conn.execute("SELECT id FROM operators WHERE name = ?",
                                [operator.name]).fetchone()
        if row is None:
            self.conn.execute(
                "INSERT INTO operators (display_name, extension, role, languages, presence, "
                "pause_reason, presence_since, back_at, name, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", [*values, operator.name])
            return True
        self.conn.execute(
            "UPDATE operators SET display_name = ?, extension = ?, role = ?, languages = ?, "
            "presence = ?, pause_reason = ?, presence_since = ?, back_at = ?, "
            "version = version + 1 WHERE name = ?", [*values, operator.name])
        return False

    def set_presence(self, name: str, presence: Presence, reason: str | None,
                     back_at: datetime | None = None) -> None:
        self.conn.execute("UPDATE operators SET presence = ?, pause_reason = ?, back_at = ?, "
                          "presence_since = ?, version = version + 1 WHERE name = ?",
                          [presence.value, reason, rows.to_ts(back_at), rows.now_ts(), name])

    def mark_alive(self, name: str, until: datetime) -> bool:
        cursor = self.conn.execute("UPDATE operators SET alive_until = ? WHERE name = ?",
                                   [rows.to_ts(until), name])
        return cursor.rowcount > 0

    def silent_operators(self, now: datetime, presences: frozenset[Presence]) -> list[str]:
        # timestamps are ISO text of one shape (rows.to_ts), so text order is time order
        marks = ", ".join("?" * len(presences))
        return [r[0] for r in self.conn.execute(
            f"SELECT name FROM operators WHERE alive_until < ? AND presence IN ({marks}) "
            "AND presence_since <= alive_until ORDER BY name",
            [rows.to_ts(now), *sorted(p.value for p in presences)])]

    def get_entry(self, entry_id: int) -> DirectoryEntry:
        return get_entry(self.conn, entry_id)

    def save_entry(self, entry: DirectoryEntry) -> int:
        values = [entry.name, entry.kind.value, entry.department, entry.extension,
                  entry.number, entry.presence.value, entry.notes, entry.presence_note,
                  rows.to_ts(entry.back_at), entry.hours, entry.holidays, entry.timezone,
                  entry.email]
        if entry.id is None:
            cursor = self.conn.execute(
                "INSERT INTO directory (name, kind, department, extension, number, presence, "
                "notes, presence_note, back_at, hours, holidays, timezone, email, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", values)
            return int(cursor.lastrowid or 0)
        fetch_row(self.conn, "directory", entry.id, _("directory entry"))
        self.conn.execute(
            "UPDATE directory SET name = ?, kind = ?, department = ?, extension = ?, "
            "number = ?, presence = ?, notes = ?, presence_note = ?, back_at = ?, hours = ?, "
            "holidays = ?, timezone = ?, email = ?, version = version + 1 WHERE id = ?",
            [*values, entry.id])
        return entry.id

    def set_entry_presence(self, entry_id: int, presence: Presence, note: str | None = None,
                           back_at: datetime | None = None) -> None:
        self.conn.execute("UPDATE directory SET presence = ?, presence_note = ?, back_at = ?, "
                          "version = version + 1 WHERE id = ?",
                          [presence.value, note, rows.to_ts(back_at), entry_id])

    def save_disposition(self, disposition: Disposition) -> Disposition:
        position = self.conn.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM dispositions").fetchone()[0]
        self.conn.execute(
            "INSERT INTO dispositions (code, label, needs_callback, active, position) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET label = excluded.label, "
            "needs_callback = excluded.needs_callback, active = excluded.active",
            [disposition.code, disposition.label, int(disposition.needs_callback),
             int(disposition.active), position])
        return rows.disposition(fetch_row(self.conn, "dispositions", disposition.code,
                                          _("disposition"), column="code"))

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqlitePeopleStorage:
    """`PeopleStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqlitePeopleWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqlitePeopleWriter(conn)))

    async def get_operator(self, name: str) -> Operator:
        return await self._store.read(lambda conn: get_operator(conn, name))

    async def list_operators(self) -> list[Operator]:
        return await self._store.read(lambda conn: [
            rows.operator(r) for r in conn.execute("SELECT * FROM operators ORDER BY name")])

    async def list_directory(self, text: str) -> list[DirectoryEntry]:
        def read(conn: sqlite3.Connection) -> list[DirectoryEntry]:
            found = conn.execute(
                "SELECT * FROM directory ORDER BY name COLLATE NOCASE, id").fetchall()
            if text:
                # a directory is small: fold case and accents in Python (LIKE folds ASCII
                # only), on the rows, so only the matches become models
                needle = fold(text)
                found = [r for r in found if any(
                    needle in fold(r[column]) for column in DIRECTORY_TEXT if r[column])]
            return [rows.directory_entry(r) for r in found]

        return await self._store.read(read)

    async def list_dispositions(self) -> list[Disposition]:
        return await self._store.read(lambda conn: [rows.disposition(r) for r in conn.execute(
            "SELECT * FROM dispositions ORDER BY position, code")])


def service(store: Store, _region: str) -> PeopleService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return PeopleService(SqlitePeopleStorage(store))
