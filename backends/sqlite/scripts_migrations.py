"""The scripts domain's own SQLite tables (registered with `migrations=` in
backends/domain_registry.py). Apart from its storage (scripts_storage.py), so that opening a
database checks and applies them without importing the domain's models and rules: a console
that never uses the domain never loads it (docs/ARCHITECTURE.md, "Start-up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE script_answers (
            id INTEGER PRIMARY KEY,
            call_id INTEGER NOT NULL UNIQUE REFERENCES calls(id),
            operator TEXT NOT NULL,
            script TEXT NOT NULL,
            campaign_id INTEGER,
            contact_id INTEGER,
            customer_id INTEGER,
            language TEXT NOT NULL,
            answers TEXT NOT NULL,
            completed INTEGER NOT NULL,
            left_at TEXT,
            recorded_at TEXT NOT NULL
        )""")
    for column in ("campaign_id", "contact_id", "customer_id"):
        db.execute(f"CREATE INDEX script_answers_{column} ON script_answers({column}, id)")


MIGRATIONS = [("0001_script_answers", _tables)]
