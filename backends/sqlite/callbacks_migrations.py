"""The callbacks domain's own SQLite tables (registered with `migrations=` in
backends/domain_registry.py). Apart from its storage (callbacks_storage.py), so that opening a
database checks and applies them without importing the domain's models and rules: a console
that never uses the domain never loads it (docs/ARCHITECTURE.md, "Start-up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def migrate_callbacks(db: sqlite_utils.Database) -> None:
    """The callbacks table. `window_end` and `handover_at` (written by the service with every
    change of the due time, window or grace) let a store find what is overdue with an index."""
    db.execute("""
        CREATE TABLE callbacks (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            customer_id INTEGER,
            ticket_id INTEGER,
            call_id INTEGER REFERENCES calls(id),
            due_at TEXT NOT NULL,
            window_minutes INTEGER NOT NULL,
            grace_minutes INTEGER NOT NULL,
            window_end TEXT NOT NULL,
            handover_at TEXT NOT NULL,
            scope TEXT NOT NULL,
            owner TEXT NOT NULL,
            queue TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            handed_over_at TEXT,
            made_by TEXT,
            first_made_at TEXT,
            outbound_call_id INTEGER REFERENCES calls(id),
            attempts INTEGER NOT NULL DEFAULT 0,
            outcome TEXT,
            done_at TEXT,
            history TEXT NOT NULL DEFAULT '[]',
            version INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("CREATE INDEX callbacks_state_due ON callbacks(state, due_at)")
    db.execute("CREATE INDEX callbacks_owner_due ON callbacks(owner, due_at)")
    db.execute("CREATE INDEX callbacks_customer ON callbacks(customer_id)")
    db.execute("CREATE INDEX callbacks_handover ON callbacks(scope, state, handover_at)")


MIGRATIONS = [("0001_callbacks", migrate_callbacks)]
