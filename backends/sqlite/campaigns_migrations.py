"""The campaigns domain's own SQLite tables (registered with `migrations=` in
backends/domain_registry.py). Apart from its storage (campaigns_storage.py), so that opening a
database checks and applies them without importing the domain's models and rules: a console
that never uses the domain never loads it (docs/ARCHITECTURE.md, "Start-up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE campaign_contacts (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            phone TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            priority INTEGER NOT NULL DEFAULT 0,
            business INTEGER NOT NULL DEFAULT 0,
            fields TEXT NOT NULL DEFAULT '{}',
            customer_id INTEGER,
            state TEXT NOT NULL DEFAULT 'open',
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at TEXT,
            callback_at TEXT,
            claimed_by TEXT,
            last_outcome TEXT,
            UNIQUE (campaign_id, phone)
        )""")
    db.execute("""CREATE INDEX campaign_contacts_next ON campaign_contacts(
        campaign_id, (callback_at IS NULL), callback_at, priority DESC, attempts, id)
        WHERE state = 'open'""")
    db.execute("""
        CREATE TABLE campaign_attempts (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES campaign_contacts(id),
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            operator TEXT NOT NULL,
            outcome TEXT NOT NULL,
            call_id INTEGER,
            contact INTEGER NOT NULL,
            conversion INTEGER NOT NULL,
            at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX campaign_attempts_campaign ON campaign_attempts(campaign_id)")
    # list: internal, campaign (with campaign_id), uk_tps, uk_ctps, it_rpo; campaign_id 0
    # for the lists that are not a campaign's
    db.execute("""
        CREATE TABLE dnc_numbers (
            e164 TEXT NOT NULL,
            list TEXT NOT NULL,
            campaign_id INTEGER NOT NULL DEFAULT 0,
            reason TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            PRIMARY KEY (e164, list, campaign_id)
        ) WITHOUT ROWID""")


def _live_calls(db: sqlite_utils.Database) -> None:
    """Progressive calls answered by a person, for the pacing guard (abandoned share)."""
    db.execute("""
        CREATE TABLE campaign_live_calls (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            at TEXT NOT NULL,
            abandoned INTEGER NOT NULL
        )""")
    db.execute("CREATE INDEX campaign_live_calls_at ON campaign_live_calls(campaign_id, at)")


MIGRATIONS = [("0001_campaigns", _tables), ("0002_live_calls", _live_calls)]
