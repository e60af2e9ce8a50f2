"""The campaigns storage on SQLite (backends/campaigns/storage.py): persistence only; the
rules are the campaigns service's (docs/ARCHITECTURE.md). Also the domain's tables
(campaigns_migrations.py) and the `service(store, region)`
factory the domain registry names.

The next contact is read in order and claimed by a conditional UPDATE … RETURNING inside the
same write transaction (BEGIN IMMEDIATE), so two processes never claim the same contact.
Do-not-call numbers are one table keyed by number, list and campaign (campaign 0: not a
campaign's list); a customer's missing marketing consent is read from the customers here.
Customers are referred to by id without a foreign key (on Request Tracker they live there).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from backends.campaigns.models import Campaign, Contact, ContactState, DncHit, Progress
from backends.campaigns.service import CampaignsService
from backends.i18n import _
from backends.sqlite import rows
from backends.sqlite.calls_storage import SqliteCallsWriter, column_value
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event
from backends.trusted import trusted

T = TypeVar("T")


CANDIDATES = """
    SELECT * FROM campaign_contacts
    WHERE campaign_id = ? AND state = 'open' AND (due_at IS NULL OR due_at <= ?)
    ORDER BY (callback_at IS NULL), callback_at, priority DESC, attempts, id
    LIMIT ? OFFSET ?"""
# one statement for a whole chunk (executemany): the link to a customer looked up in it
INSERT_CONTACT = """
    INSERT OR IGNORE INTO campaign_contacts
        (campaign_id, phone, name, priority, business, fields, customer_id)
    VALUES (?, ?, ?, ?, ?, ?, coalesce(?, (SELECT customer_id FROM customer_phones
                                          WHERE e164 = ? ORDER BY customer_id LIMIT 1)))"""
CONSENT = """
    SELECT 1 FROM customer_phones p JOIN customers c ON c.id = p.customer_id
    WHERE p.e164 = ? AND c.consent_marketing = 0 LIMIT 1"""


def campaign(row: sqlite3.Row) -> Campaign:
    return Campaign.model_validate({**json.loads(row["body"]), "id": row["id"],
                                    "created_at": rows.from_ts(row["created_at"])})


def contact(row: sqlite3.Row) -> Contact:
    """A stored contact, validated when it was stored (backends/trusted.py: the next contact
    reads dozens per take, where validating them again was its largest cost)."""
    values: dict[str, Any] = dict(row)
    values["fields"] = json.loads(values["fields"])
    values["business"] = bool(values["business"])
    values["state"] = ContactState(values["state"])
    for name in ("due_at", "callback_at"):
        values[name] = rows.from_ts(values[name])
    return trusted(Contact, values)


class SqliteCampaignsWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.calls = SqliteCallsWriter(conn)

    def insert_campaign(self, values: dict[str, Any]) -> Campaign:
        cursor = self.conn.execute(
            "INSERT INTO campaigns (name, body, created_at) VALUES (?, ?, ?)",
            [values["name"], json.dumps(values), rows.now_ts()])
        found = self.campaign(int(cursor.lastrowid or 0))
        assert found is not None  # inserted just now, in this transaction
        return found

    def update_campaign(self, campaign_id: int, values: dict[str, Any]) -> Campaign:
        self.conn.execute("UPDATE campaigns SET name = ?, body = ? WHERE id = ?",
                          [values["name"], json.dumps(values), campaign_id])
        found = self.campaign(campaign_id)
        assert found is not None  # the service read it in this transaction
        return found

    def campaign(self, campaign_id: int) -> Campaign | None:
        row = self.conn.execute("SELECT * FROM campaigns WHERE id = ?", [campaign_id]).fetchone()
        return campaign(row) if row else None

    def campaign_named(self, name: str) -> Campaign | None:
        row = self.conn.execute("SELECT * FROM campaigns WHERE name = ?", [name]).fetchone()
        return campaign(row) if row else None

    def insert_contacts(self, rows_: list[dict[str, Any]]) -> int:
        before = self.conn.total_changes
        self.conn.executemany(INSERT_CONTACT, [
            (r["campaign_id"], r["phone"], r["name"], r["priority"], r["business"],
             json.dumps(r["fields"]), r["customer_id"], r["phone"]) for r in rows_])
        return self.conn.total_changes - before

    def candidates(self, campaign_id: int, now: datetime, offset: int,
                   limit: int) -> list[Contact]:
        return [contact(r) for r in self.conn.execute(
            CANDIDATES, [campaign_id, rows.to_ts(now), limit, offset])]

    def claim(self, contact_id: int, operator: str) -> bool:
        return self.conn.execute(
            "UPDATE campaign_contacts SET state = 'claimed', claimed_by = ? "
            "WHERE id = ? AND state = 'open'", [operator, contact_id]).rowcount == 1

    def dnc_hits(self, phone: str, campaign_id: int | None) -> list[DncHit]:
        hits = [DncHit(list_name=r[0], campaign_id=r[1] or None, reason=r[2])
                for r in self.conn.execute(
                    "SELECT list, campaign_id, reason FROM dnc_numbers WHERE e164 = ? "
                    "AND (campaign_id = 0 OR campaign_id = ?) ORDER BY list, campaign_id",
                    [phone, campaign_id or 0])]
        if self.conn.execute(CONSENT, [phone]).fetchone():
            hits.append(DncHit(list_name="consent", reason=_(
                "a customer with this number has no marketing consent")))
        return hits

    def dnc_add(self, rows_: list[tuple[str, str, int, str]]) -> int:
        before = self.conn.total_changes
        now = rows.now_ts()
        self.conn.executemany(
            "INSERT OR IGNORE INTO dnc_numbers (e164, list, campaign_id, reason, added_at) "
            "VALUES (?, ?, ?, ?, ?)", [(*r, now) for r in rows_])
        return self.conn.total_changes - before

    def dnc_remove(self, phones: list[str], list_name: str, campaign_id: int) -> int:
        before = self.conn.total_changes
        self.conn.executemany(
            "DELETE FROM dnc_numbers WHERE e164 = ? AND list = ? AND campaign_id = ?",
            [(p, list_name, campaign_id) for p in phones])
        return self.conn.total_changes - before

    def insert_call(self, values: dict[str, Any]) -> int:
        return self.calls.insert_call(values)

    @property
    def calls_writer(self) -> SqliteCallsWriter:
        return self.calls

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

    def insert_live_call(self, campaign_id: int, at: datetime, abandoned: bool) -> None:
        self.conn.execute("INSERT INTO campaign_live_calls (campaign_id, at, abandoned) "
                          "VALUES (?, ?, ?)", [campaign_id, rows.to_ts(at), int(abandoned)])

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


def _progress(conn: sqlite3.Connection, campaign_id: int, since: datetime) -> Progress:
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
    live, abandoned = conn.execute(
        "SELECT count(*), coalesce(sum(abandoned), 0) FROM campaign_live_calls "
        "WHERE campaign_id = ? AND at >= ?", [campaign_id, rows.to_ts(since)]).fetchone()
    return Progress(campaign_id=campaign_id, contacts=total, left=left, attempted=attempted,
                    reached=reached, converted=converted, by_outcome=by_outcome,
                    live_24h=live, abandoned_24h=abandoned)


class SqliteCampaignsStorage:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteCampaignsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteCampaignsWriter(conn)))

    async def list_campaigns(self) -> list[Campaign]:
        return await self._store.read(lambda conn: [
            campaign(r) for r in conn.execute("SELECT * FROM campaigns ORDER BY name, id")])

    async def progress(self, campaign_id: int, since: datetime) -> Progress:
        return await self._store.read(lambda conn: _progress(conn, campaign_id, since))

    async def dnc_hits(self, phone: str, campaign_id: int | None) -> list[DncHit]:
        # a point look-up like caller-ID's: on the caller's loop within the look-up budget
        # (connection.py), which saves two thread hand-overs (most of a check's time)
        return await self._store.read(
            lambda conn: SqliteCampaignsWriter(conn).dnc_hits(phone, campaign_id), lookup=True)


def service(store: Store, region: str) -> CampaignsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return CampaignsService(SqliteCampaignsStorage(store), region)
