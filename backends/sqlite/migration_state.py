"""What a database file says of its schema, read with plain sqlite3 (no sqlite-utils): the
migrations applied to it, whether it is another program's, which version wrote it. The
migrations themselves are in schema.py (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import sqlite3

MIGRATION_SET = "centralino"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' own bookkeeping table


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations applied to this file, oldest first."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                          [MIGRATIONS_TABLE]).fetchone()
    if exists is None:
        return []
    return [row[0] for row in conn.execute(
        f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET])]


def foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables of a database never touched by our migrations (another program's file)."""
    if applied(conn):
        return []
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != ?", [MIGRATIONS_TABLE])]


def version_of(names: list[str]) -> int:
    """The schema version a list of migration names stands for: the number its newest name
    starts with ("0006_applied_requests" → 6), else how many there are."""
    numbers = [int(name.split("_", 1)[0]) for name in names if name.split("_", 1)[0].isdigit()]
    return max(numbers) if numbers else len(names)
