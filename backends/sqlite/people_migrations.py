"""The people domain's own SQLite migrations (registered with `migrations=` in
backends/domain_registry.py, applied after the core schema, docs/ARCHITECTURE.md): presence you
can set (a return time for operators; a note and a return time for directory entries) and the
opening hours and holidays of directory entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only the migrations' type: sqlite-utils is loaded when they run
    import sqlite_utils


def _presence_and_hours(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE operators ADD COLUMN back_at TEXT")
    for column, declared in (("presence_note", "TEXT"), ("back_at", "TEXT"),
                             ("hours", "TEXT NOT NULL DEFAULT ''"), ("holidays", "TEXT"),
                             ("timezone", "TEXT"), ("email", "TEXT")):
        db.execute(f"ALTER TABLE directory ADD COLUMN {column} {declared}")


def _alive_until(db: sqlite_utils.Database) -> None:
    # until when an operator's console counts as alive (People.heartbeat); NULL: never said
    db.execute("ALTER TABLE operators ADD COLUMN alive_until TEXT")


MIGRATIONS = [("0001_presence_and_hours", _presence_and_hours),
              ("0002_alive_until", _alive_until)]
