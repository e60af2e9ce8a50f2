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
from backends.campaigns.rules import HeldClaim
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
# one statement for a whole chunk, its rows one JSON list of lists (json_each): the rows are
# read by SQLite itself, where executemany bound each row's values, and dumped each row's
# fields, in Python, holding the interpreter lock the loop needs meanwhile for the next
# chunk; the link to a customer looked up in it
INSERT_CONTACTS = """
    INSERT OR IGNORE INTO campaign_contacts
        (campaign_id, phone, name, priority, business, fields, customer_id)
    SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
           j.value -> 5,
           coalesce(j.value ->> 6, (SELECT customer_id FROM customer_phones
                                    WHERE e164 = j.value ->> 1 ORDER BY customer_id LIMIT 1))
    FROM json_each(?) AS j"""
# claims held since `?2` or longer, or with no time (index ranges, usually empty), and the
# claims of operators who went offline after the campaign's oldest claim (the operators, a
# few hundred rows, read first: CROSS JOIN keeps that order; each offline one's claims
# probed by claimed_by): never a read of every claim (the bench leaves thousands)
# a claim, its operator's presence and whether they have a call in progress
_HELD = """c.id, c.claimed_by, c.claimed_at, o.presence, o.presence_since,
    EXISTS (SELECT 1 FROM calls WHERE operator = c.claimed_by
            AND state IN ('active', 'on_hold', 'wrap_up'))"""
LAPSE_CANDIDATES = f"""
    SELECT {_HELD}
    FROM campaign_contacts c LEFT JOIN operators o ON o.name = c.claimed_by
    WHERE c.campaign_id = ?1 AND c.state = 'claimed' AND c.claimed_at <= ?2
    UNION
    SELECT {_HELD}
    FROM campaign_contacts c LEFT JOIN operators o ON o.name = c.claimed_by
    WHERE c.campaign_id = ?1 AND c.state = 'claimed' AND c.claimed_at IS NULL
    UNION
    SELECT {_HELD}
    FROM operators o CROSS JOIN campaign_contacts c
    WHERE c.claimed_by = o.name AND c.campaign_id = ?1 AND c.state = 'claimed'
      AND o.presence = 'offline' AND o.presence_since >= (
        SELECT min(claimed_at) FROM campaign_contacts
        WHERE campaign_id = ?1 AND state = 'claimed')"""
# one statement for a page of picks: [[contact id, operator], …]
CLAIM_MANY = """
    UPDATE campaign_contacts SET state = 'claimed', claimed_by = j.value ->> 1, claimed_at = ?
    FROM json_each(?) AS j
    WHERE campaign_contacts.id = j.value ->> 0 AND campaign_contacts.state = 'open'
    RETURNING campaign_contacts.id"""
# the numbers of a page with any do-not-call entry (as dnc_hits: a list that is not a
# campaign's, or this campaign's) or a customer without marketing consent
DNC_LISTED = """
    SELECT e164 FROM dnc_numbers
    WHERE e164 IN (SELECT value FROM json_each(?1)) AND campaign_id IN (0, ?2)
    UNION
    SELECT p.e164 FROM customer_phones p JOIN customers c ON c.id = p.customer_id
    WHERE p.e164 IN (SELECT value FROM json_each(?3)) AND c.consent_marketing = 0"""
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
    for name in ("due_at", "callback_at", "claimed_at"):
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
        self.conn.execute(INSERT_CONTACTS, [json.dumps([
            (r["campaign_id"], r["phone"], r["name"], r["priority"], int(r["business"]),
             r["fields"], r["customer_id"]) for r in rows_], ensure_ascii=False)])
        return self.conn.total_changes - before

    def candidates(self, campaign_id: int, now: datetime, offset: int,
                   limit: int) -> list[Contact]:
        return [contact(r) for r in self.conn.execute(
            CANDIDATES, [campaign_id, rows.to_ts(now), limit, offset])]

    def claim_many(self, claims: list[tuple[int, str]], at: datetime) -> set[int]:
        return {r[0] for r in self.conn.execute(CLAIM_MANY, [rows.to_ts(at), json.dumps(claims)])}

    def dnc_listed(self, phones: list[str], campaign_id: int) -> set[str]:
        given = json.dumps(phones)
        return {r[0] for r in self.conn.execute(DNC_LISTED, [given, campaign_id, given])}

    def lapse_candidates(self, campaign_id: int, claimed_before: datetime
                         ) -> list[HeldClaim]:
        return [HeldClaim(r[0], r[1], rows.from_ts(r[2]), r[3], rows.from_ts(r[4]), bool(r[5]))
                for r in self.conn.execute(LAPSE_CANDIDATES,
                                           [campaign_id, rows.to_ts(claimed_before)])]

    def release(self, contact_id: int, operator: str) -> bool:
        return self.conn.execute(
            "UPDATE campaign_contacts SET state = 'open', claimed_by = NULL, claimed_at = NULL "
            "WHERE id = ? AND state = 'claimed' AND claimed_by = ?",
            [contact_id, operator]).rowcount == 1

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
        # executemany: a row is four short values here, and json_each measured slower
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

    async def write_claims(self, work: Callable[[SqliteCampaignsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteCampaignsWriter(conn)),
                                       durable=False)

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
