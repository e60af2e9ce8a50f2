"""The campaigns storage on SQLite (backends/campaigns/storage.py): persistence only; the
rules are the campaigns service's (docs/ARCHITECTURE.md). Also the domain's tables
(`MIGRATIONS`: campaigns, their contacts and attempts) and the `service(store, region)`
factory the domain registry names.

The next contact is claimed by one conditional UPDATE … RETURNING inside the write
transaction (BEGIN IMMEDIATE), so two processes never claim the same contact. Customers are
referred to by id without a foreign key (on Request Tracker they live there).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from backends.campaigns.models import Campaign, Contact, Progress
from backends.campaigns.service import CampaignsService
from backends.sqlite import rows
from backends.sqlite.calls_storage import column_value
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event

if TYPE_CHECKING:
    import sqlite_utils

T = TypeVar("T")


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


MIGRATIONS = [("0001_campaigns", _tables)]

NEXT = """
    UPDATE campaign_contacts SET state = 'claimed', claimed_by = ?
    WHERE id = (SELECT id FROM campaign_contacts
                WHERE campaign_id = ? AND state = 'open' AND (due_at IS NULL OR due_at <= ?)
                ORDER BY (callback_at IS NULL), callback_at, priority DESC, attempts, id
                LIMIT 1)
    RETURNING *"""


def campaign(row: sqlite3.Row) -> Campaign:
    return Campaign.model_validate({**json.loads(row["body"]), "id": row["id"],
                                    "created_at": rows.from_ts(row["created_at"])})


def contact(row: sqlite3.Row) -> Contact:
    values: dict[str, Any] = dict(row)
    values["fields"] = json.loads(values["fields"])
    for name in ("due_at", "callback_at"):
        values[name] = rows.from_ts(values[name])
    return Contact.model_validate(values)


class SqliteCampaignsWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def insert_campaign(self, values: dict[str, Any]) -> Campaign:
        cursor = self.conn.execute(
            "INSERT INTO campaigns (name, body, created_at) VALUES (?, ?, ?)",
            [values["name"], json.dumps(values), rows.now_ts()])
        found = self.campaign(int(cursor.lastrowid or 0))
        assert found is not None  # inserted just now, in this transaction
        return found

    def campaign(self, campaign_id: int) -> Campaign | None:
        row = self.conn.execute("SELECT * FROM campaigns WHERE id = ?", [campaign_id]).fetchone()
        return campaign(row) if row else None

    def campaign_named(self, name: str) -> Campaign | None:
        row = self.conn.execute("SELECT * FROM campaigns WHERE name = ?", [name]).fetchone()
        return campaign(row) if row else None

    def insert_contact(self, values: dict[str, Any]) -> bool:
        stored = {**values, "fields": json.dumps(values["fields"])}
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO campaign_contacts ({', '.join(stored)}) "
            f"VALUES ({rows.placeholders(list(stored))})", list(stored.values()))
        return cursor.rowcount == 1

    def customer_by_phone(self, phone: str) -> int | None:
        row = self.conn.execute("SELECT customer_id FROM customer_phones WHERE e164 = ? "
                                "ORDER BY customer_id LIMIT 1", [phone]).fetchone()
        return int(row[0]) if row else None

    def claim_next(self, campaign_id: int, operator: str, now: datetime) -> Contact | None:
        row = self.conn.execute(NEXT, [operator, campaign_id, rows.to_ts(now)]).fetchone()
        return contact(row) if row else None

    def contact(self, contact_id: int) -> Contact | None:
        row = self.conn.execute("SELECT * FROM campaign_contacts WHERE id = ?",
                                [contact_id]).fetchone()
        return contact(row) if row else None

    def update_contact(self, contact_id: int, values: dict[str, Any]) -> Contact:
        stored = {k: column_value(v) for k, v in values.items()}
        row = self.conn.execute(
            f"UPDATE campaign_contacts SET {', '.join(f'{k} = ?' for k in stored)} "
            "WHERE id = ? RETURNING *", [*stored.values(), contact_id]).fetchone()
        return contact(row)

    def insert_attempt(self, values: dict[str, Any]) -> None:
        stored = {k: column_value(v) for k, v in values.items()}
        self.conn.execute(
            f"INSERT INTO campaign_attempts ({', '.join(stored)}) "
            f"VALUES ({rows.placeholders(list(stored))})", list(stored.values()))

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


def _progress(conn: sqlite3.Connection, campaign_id: int) -> Progress:
    total, left, attempted = conn.execute(
        "SELECT count(*), coalesce(sum(state != 'done'), 0), coalesce(sum(attempts > 0), 0) "
        "FROM campaign_contacts WHERE campaign_id = ?", [campaign_id]).fetchone()
    reached, converted = conn.execute(
        "SELECT count(DISTINCT CASE WHEN contact THEN contact_id END), "
        "count(DISTINCT CASE WHEN conversion THEN contact_id END) "
        "FROM campaign_attempts WHERE campaign_id = ?", [campaign_id]).fetchone()
    by_outcome = {code: n for code, n in conn.execute(
        "SELECT outcome, count(*) FROM campaign_attempts WHERE campaign_id = ? "
        "GROUP BY outcome ORDER BY outcome", [campaign_id])}
    return Progress(campaign_id=campaign_id, contacts=total, left=left, attempted=attempted,
                    reached=reached, converted=converted, by_outcome=by_outcome)


class SqliteCampaignsStorage:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteCampaignsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteCampaignsWriter(conn)))

    async def list_campaigns(self) -> list[Campaign]:
        return await self._store.read(lambda conn: [
            campaign(r) for r in conn.execute("SELECT * FROM campaigns ORDER BY name, id")])

    async def progress(self, campaign_id: int) -> Progress:
        return await self._store.read(lambda conn: _progress(conn, campaign_id))


def service(store: Store, region: str) -> CampaignsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return CampaignsService(SqliteCampaignsStorage(store), region)
