"""The people storage on PostgreSQL (backends/people/storage.py): operators, the directory and
dispositions; persistence only, the rules are the people service's (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from psycopg.types.json import Jsonb

from backends.i18n import _
from backends.people.models import DirectoryEntry, Disposition, Operator, Presence
from backends.people.service import PeopleService
from backends.postgres import rows
from backends.postgres.connection import Conn, PgStore
from backends.postgres.events import append_event
from backends.search_text import fold

T = TypeVar("T")

DIRECTORY_TEXT = ("name", "department", "extension", "notes")  # what a filter searches

# the domain's own migrations (as backends/sqlite/people_migrations.py): presence you can set
# (a return time for operators; a note and a return time for directory entries) and the
# opening hours and holidays of directory entries
MIGRATIONS = [("0001_presence_and_hours", [
    "ALTER TABLE operators ADD COLUMN back_at timestamptz",
    "ALTER TABLE directory ADD COLUMN presence_note text, ADD COLUMN back_at timestamptz, "
    "ADD COLUMN hours text NOT NULL DEFAULT '', ADD COLUMN holidays text, "
    "ADD COLUMN timezone text, ADD COLUMN email text",
]), ("0002_alive_until", [
    # until when an operator's console counts as alive (People.heartbeat); NULL: never said
    "ALTER TABLE operators ADD COLUMN alive_until timestamptz",
])]


def get_operator(conn: Conn, name: str) -> Operator:
    return rows.operator(rows.fetch_row(conn, "operators", name, _("operator"), column="name"))


def get_entry(conn: Conn, entry_id: int) -> DirectoryEntry:
    return rows.directory_entry(rows.fetch_row(conn, "directory", entry_id,
                                               _("directory entry")))


class PgPeopleWriter:
    """`PeopleWriter` on the connection of one write transaction."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    def get_operator(self, name: str) -> Operator:
        return get_operator(self.conn, name)

    def save_operator(self, operator: Operator) -> bool:
        """Insert or update by name; True when it was new."""
        row = self.conn.execute(
            "INSERT INTO operators (display_name, extension, role, languages, presence, "
            "pause_reason, presence_since, back_at, name, version) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 1) "
            "ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name, "
            "extension = excluded.extension, role = excluded.role, "
            "languages = excluded.languages, presence = excluded.presence, "
            "pause_reason = excluded.pause_reason, presence_since = excluded.presence_since, "
            "back_at = excluded.back_at, version = operators.version + 1 "
            "RETURNING (xmax = 0) AS inserted",
            [operator.display_name, operator.extension, operator.role.value,
             Jsonb(list(operator.languages)), operator.presence.value, operator.pause_reason,
             rows.column_value(operator.presence_since), rows.column_value(operator.back_at),
             operator.name]).fetchone()
        return bool(row and row["inserted"])

    def set_presence(self, name: str, presence: Presence, reason: str | None,
                     back_at: datetime | None = None) -> None:
        self.conn.execute("UPDATE operators SET presence = %s, pause_reason = %s, "
                          "back_at = %s, presence_since = %s, version = version + 1 "
                          "WHERE name = %s",
                          [presence.value, reason, rows.column_value(back_at), rows.now(),
                           name])

    def mark_alive(self, name: str, until: datetime) -> bool:
        cursor = self.conn.execute("UPDATE operators SET alive_until = %s WHERE name = %s",
                                   [rows.column_value(until), name])
        return cursor.rowcount > 0

    def silent_operators(self, now: datetime, presences: frozenset[Presence]) -> list[str]:
        return [r["name"] for r in self.conn.execute(
            "SELECT name FROM operators WHERE alive_until < %s AND presence = ANY(%s) "
            "AND presence_since <= alive_until ORDER BY name",
            [rows.column_value(now), sorted(p.value for p in presences)])]

    def get_entry(self, entry_id: int) -> DirectoryEntry:
        return get_entry(self.conn, entry_id)

    def save_entry(self, entry: DirectoryEntry) -> int:
        values = [entry.name, entry.kind.value, entry.department, entry.extension,
                  entry.number, entry.presence.value, entry.notes, entry.presence_note,
                  rows.column_value(entry.back_at), entry.hours, entry.holidays,
                  entry.timezone, entry.email]
        if entry.id is None:
            row = self.conn.execute(
                "INSERT INTO directory (name, kind, department, extension, number, presence, "
                "notes, presence_note, back_at, hours, holidays, timezone, email, version) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1) RETURNING id",
                values).fetchone()
            assert row is not None
            return int(row["id"])
        rows.fetch_row(self.conn, "directory", entry.id, _("directory entry"))
        self.conn.execute(
            "UPDATE directory SET name = %s, kind = %s, department = %s, extension = %s, "
            "number = %s, presence = %s, notes = %s, presence_note = %s, back_at = %s, "
            "hours = %s, holidays = %s, timezone = %s, email = %s, version = version + 1 "
            "WHERE id = %s",
            [*values, entry.id])
        return entry.id

    def set_entry_presence(self, entry_id: int, presence: Presence, note: str | None = None,
                           back_at: datetime | None = None) -> None:
        self.conn.execute("UPDATE directory SET presence = %s, presence_note = %s, "
                          "back_at = %s, version = version + 1 WHERE id = %s",
                          [presence.value, note, rows.column_value(back_at), entry_id])

    def save_disposition(self, disposition: Disposition) -> Disposition:
        row = self.conn.execute(
            "INSERT INTO dispositions (code, label, needs_callback, active, position) "
            "VALUES (%s, %s, %s, %s, "
            "(SELECT COALESCE(MAX(position), -1) + 1 FROM dispositions)) "
            "ON CONFLICT (code) DO UPDATE SET label = excluded.label, "
            "needs_callback = excluded.needs_callback, active = excluded.active RETURNING *",
            [disposition.code, disposition.label, disposition.needs_callback,
             disposition.active]).fetchone()
        assert row is not None
        return rows.disposition(row)

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class PgPeopleStorage:
    """`PeopleStorage` on one PostgreSQL database."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    async def write(self, work: Callable[[PgPeopleWriter], T]) -> T:
        return await self._store.write(lambda conn: work(PgPeopleWriter(conn)))

    async def get_operator(self, name: str) -> Operator:
        return await self._store.statement(lambda conn: get_operator(conn, name))

    async def list_operators(self) -> list[Operator]:
        return await self._store.read(lambda conn: [rows.operator(r) for r in conn.execute(
            'SELECT * FROM operators ORDER BY name COLLATE "C"')])

    async def list_directory(self, text: str) -> list[DirectoryEntry]:
        def read(conn: Conn) -> list[DirectoryEntry]:
            found = conn.execute(
                'SELECT * FROM directory ORDER BY lower(name) COLLATE "C", id').fetchall()
            if text:
                # a directory is small: fold case and accents in Python, as on SQLite
                needle = fold(text)
                found = [r for r in found if any(
                    needle in fold(r[column]) for column in DIRECTORY_TEXT if r[column])]
            return [rows.directory_entry(r) for r in found]

        return await self._store.statement(read)

    async def list_dispositions(self) -> list[Disposition]:
        return await self._store.read(lambda conn: [rows.disposition(r) for r in conn.execute(
            "SELECT * FROM dispositions ORDER BY position, code")])


def service(store: PgStore, _region: str) -> PeopleService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return PeopleService(PgPeopleStorage(store))
