"""Operators and their presence, the company directory, and call outcomes (dispositions)."""

from __future__ import annotations

import sqlite3

from backends.errors import Invalid
from backends.i18n import _
from backends.models import DirectoryEntry, Disposition, Operator, Presence
from backends.sqlite import rows
from backends.sqlite.base import SqliteBase, fetch_row, revalidate
from backends.sqlite.events import append_event
from backends.sqlite.search import fold


def get_operator(conn: sqlite3.Connection, name: str) -> Operator:
    return rows.operator(fetch_row(conn, "operators", name, _("operator"), column="name"))


def get_entry(conn: sqlite3.Connection, entry_id: int) -> DirectoryEntry:
    return rows.directory_entry(fetch_row(conn, "directory", entry_id, _("directory entry")))


def set_presence_in(conn: sqlite3.Connection, name: str, presence: Presence,
                    reason: str | None) -> Operator:
    """The operator's presence, inside the caller's transaction (NotFound for a stranger)."""
    before = get_operator(conn, name)
    conn.execute("UPDATE operators SET presence = ?, pause_reason = ?, presence_since = ?, "
                 "version = version + 1 WHERE name = ?",
                 [presence.value, reason, rows.now_ts(), name])
    append_event(conn, "operator.presence", f"operator:{name}",
                 {"presence": presence.value, "from": before.presence.value,
                  "reason": reason})
    return get_operator(conn, name)


DIRECTORY_TEXT = ("name", "department", "extension", "notes")  # what a filter searches


class PeopleMixin(SqliteBase):
    # -- operators -------------------------------------------------------------------------
    async def upsert_operator(self, operator: Operator) -> Operator:
        operator = revalidate(operator)
        def write(conn: sqlite3.Connection) -> Operator:
            values = [operator.display_name, operator.extension, operator.role.value,
                      rows.dumps(operator.languages), operator.presence.value,
                      operator.pause_reason, rows.to_ts(operator.presence_since)]
            row = conn.execute("SELECT id FROM operators WHERE name = ?",
                               [operator.name]).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO operators (display_name, extension, role, languages, presence, "
                    "pause_reason, presence_since, name, version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                    [*values, operator.name])
                kind = "operator.created"
            else:
                conn.execute(
                    "UPDATE operators SET display_name = ?, extension = ?, role = ?, "
                    "languages = ?, presence = ?, pause_reason = ?, presence_since = ?, "
                    "version = version + 1 WHERE name = ?", [*values, operator.name])
                kind = "operator.updated"
            append_event(conn, kind, f"operator:{operator.name}",
                         {"presence": operator.presence.value})
            return get_operator(conn, operator.name)

        return await self._store.write(write)

    async def get_operator(self, name: str) -> Operator:
        return await self._store.read(lambda conn: get_operator(conn, name))

    async def list_operators(self) -> list[Operator]:
        return await self._store.read(lambda conn: [
            rows.operator(r) for r in conn.execute("SELECT * FROM operators ORDER BY name")])

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None) -> Operator:
        presence = Presence(presence)
        reason = (reason or "").strip() or None
        if presence is Presence.PAUSED and not reason:
            raise Invalid("reason", _("a pause needs a reason (break, training, back office, …)"))
        if presence is not Presence.PAUSED:
            reason = None

        return await self._store.write(
            lambda conn: set_presence_in(conn, name, presence, reason))

    # -- directory -------------------------------------------------------------------------
    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        text = (query or "").strip()[:200]

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

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry:
        entry = revalidate(entry)
        def write(conn: sqlite3.Connection) -> DirectoryEntry:
            values = [entry.name, entry.kind.value, entry.department, entry.extension,
                      entry.number, entry.presence.value, entry.notes]
            if entry.id is None:
                cursor = conn.execute(
                    "INSERT INTO directory (name, kind, department, extension, number, presence, "
                    "notes, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", values)
                entry_id = int(cursor.lastrowid or 0)
                kind = "directory.created"
            else:
                entry_id = entry.id
                fetch_row(conn, "directory", entry_id, _("directory entry"))
                conn.execute(
                    "UPDATE directory SET name = ?, kind = ?, department = ?, extension = ?, "
                    "number = ?, presence = ?, notes = ?, version = version + 1 WHERE id = ?",
                    [*values, entry_id])
                kind = "directory.updated"
            append_event(conn, kind, f"directory:{entry_id}", {"name": entry.name})
            return get_entry(conn, entry_id)

        return await self._store.write(write)

    async def set_directory_presence(self, entry_id: int, presence: Presence) -> DirectoryEntry:
        presence = Presence(presence)

        def write(conn: sqlite3.Connection) -> DirectoryEntry:
            fetch_row(conn, "directory", entry_id, _("directory entry"))
            conn.execute("UPDATE directory SET presence = ?, version = version + 1 WHERE id = ?",
                         [presence.value, entry_id])
            append_event(conn, "directory.presence", f"directory:{entry_id}",
                         {"presence": presence.value})
            return get_entry(conn, entry_id)

        return await self._store.write(write)

    # -- dispositions ----------------------------------------------------------------------
    async def list_dispositions(self) -> list[Disposition]:
        return await self._store.read(lambda conn: [rows.disposition(r) for r in conn.execute(
            "SELECT * FROM dispositions ORDER BY position, code")])

    async def upsert_disposition(self, disposition: Disposition) -> Disposition:
        disposition = revalidate(disposition)
        def write(conn: sqlite3.Connection) -> Disposition:
            position = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM dispositions"
                                    ).fetchone()[0]
            conn.execute(
                "INSERT INTO dispositions (code, label, needs_callback, active, position) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET label = excluded.label, "
                "needs_callback = excluded.needs_callback, active = excluded.active",
                [disposition.code, disposition.label, int(disposition.needs_callback),
                 int(disposition.active), position])
            append_event(conn, "disposition.updated", f"disposition:{disposition.code}",
                         {"active": disposition.active})
            return rows.disposition(fetch_row(conn, "dispositions", disposition.code,
                                              _("disposition"), column="code"))

        return await self._store.write(write)
