"""Integrity checks of a SQLite store, also of a database this process may only read.

The full-text indexes are checked with FTS5's 'integrity-check' command, which is an INSERT:
on a database that cannot be written it fails with "attempt to write a readonly database",
which is no damage. A read-only database is therefore opened read-only (never migrated, no
pragma that writes) and its indexes are checked on a private copy made with the backup API
(a temporary file, 0600, removed afterwards).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path

from backends.errors import Invalid, Unavailable
from backends.i18n import _
from backends.sqlite import schema

FTS_TABLES = ("customers_fts", "customer_terms_fts", "tickets_fts", "ticket_entries_fts")


def table_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's integrity and foreign-key checks (reads only)."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if str(r[0]) != "ok"]
    for row in conn.execute("PRAGMA foreign_key_check"):
        problems.append(_("{table} row {rowid} points at a missing {parent}").format(
            table=row[0], rowid=row[1], parent=row[2]))
    return problems


def index_problems(conn: sqlite3.Connection) -> list[str]:
    """FTS5's own check of each full-text index (needs a connection that may write)."""
    problems = []
    for table in FTS_TABLES:
        try:
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(_("search index {table} is damaged: {why}").format(
                table=table, why=exc))
    return problems


def is_read_only(path: Path) -> bool:
    """Whether this process cannot write `path` (or cannot make its -wal and -shm beside it)."""
    if not os.access(path, os.W_OK):
        return True
    side_files = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    if all(p.exists() for p in side_files):
        return not all(os.access(p, os.W_OK) for p in side_files)
    return not os.access(path.parent, os.W_OK | os.X_OK)


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that creates nothing beside the file. Without -wal and -shm no
    process has the database open (the last one to close removes them), and a read-only
    connection could not remove what it made, so the file is read as it is (immutable)."""
    in_use = Path(f"{path}-wal").exists() or Path(f"{path}-shm").exists()
    query = "mode=ro" if in_use else "immutable=1"
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True,
                               isolation_level=None)
    except sqlite3.Error as exc:
        raise Unavailable(_("{path} cannot be opened ({why})").format(path=path, why=exc)
                          ) from None


def check_read_only(path: Path) -> list[str]:
    """Every problem of the database at `path`, opened read-only."""
    conn = _open_read_only(path)
    try:
        try:
            refuse_newer(conn, path)
            problems = table_problems(conn)
            if not problems:  # the indexes of a damaged file are not worth copying
                problems = _index_problems_of_copy(conn)
        except sqlite3.DatabaseError as exc:
            raise Invalid("database", _("{path} is not a usable Centralino database ({why})")
                          .format(path=path, why=exc)) from None
    finally:
        conn.close()
    return problems


def _index_problems_of_copy(conn: sqlite3.Connection) -> list[str]:
    fd, name = tempfile.mkstemp(prefix="centralino-check-", suffix=".db")  # 0600
    os.close(fd)
    try:
        copy = sqlite3.connect(name, isolation_level=None)
        try:
            conn.backup(copy)
            return index_problems(copy)
        finally:
            copy.close()
    finally:
        for leftover in (name, f"{name}-journal", f"{name}-wal", f"{name}-shm"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def refuse_newer(conn: sqlite3.Connection, path: Path) -> None:
    """Invalid when the file carries migrations this version does not know: a newer
    Centralino wrote it, and this one could damage what it does not understand."""
    unknown = schema.unknown_migrations(conn)
    if unknown:
        raise Invalid("database", _(
            "{path} was written by a newer version of Centralino (schema version {theirs}; "
            "this version knows schema versions up to {ours}; unknown changes: {unknown}); "
            "upgrade Centralino to open it")
            .format(path=path, theirs=schema.version_of(schema.applied(conn)),
                    ours=schema.version_of(schema.migration_names()),
                    unknown=", ".join(unknown[:5])))
