"""The appointments domain's own SQLite tables (registered with `migrations=` in
backends/domain_registry.py). Apart from its storage (appointments_storage.py), so that opening a
database checks and applies them without importing the domain's models and rules: a console
that never uses the domain never loads it (docs/ARCHITECTURE.md, "Start-up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE appointments (
            id INTEGER PRIMARY KEY,
            person TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            subject TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            customer_id INTEGER,
            contact_id INTEGER,
            campaign_id INTEGER,
            call_id INTEGER,
            contact_name TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            booked_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX appointments_person ON appointments(person, starts_at)")
    db.execute("CREATE INDEX appointments_booked_by ON appointments(booked_by, starts_at)")


MIGRATIONS = [("0001_appointments", _tables)]
