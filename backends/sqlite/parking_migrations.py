"""The parking domain's own SQLite tables (registered with `migrations=` in
backends/domain_registry.py). Apart from its storage (parking_storage.py), so that opening a
database checks and applies them without importing the domain's models and rules: a console
that never uses the domain never loads it (docs/ARCHITECTURE.md, "Start-up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _parking_table(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE parked_calls (
            id INTEGER PRIMARY KEY,
            slot INTEGER NOT NULL, call_id INTEGER NOT NULL REFERENCES calls(id),
            caller TEXT NOT NULL DEFAULT '', customer_id INTEGER,
            parked_by TEXT NOT NULL, parked_at TEXT NOT NULL, returns_at TEXT NOT NULL,
            status TEXT NOT NULL, picked_by TEXT, closed_at TEXT,
            version INTEGER NOT NULL DEFAULT 1)""")
    # one call per slot and one slot per call while parked: the store refuses a double park
    db.execute("CREATE UNIQUE INDEX parked_slot ON parked_calls (slot) WHERE status = 'parked'")
    db.execute("CREATE UNIQUE INDEX parked_call ON parked_calls (call_id) "
               "WHERE status = 'parked'")


MIGRATIONS = [("0001_parked_calls", _parking_table)]
