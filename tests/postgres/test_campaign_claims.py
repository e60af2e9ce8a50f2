"""The campaigns' claim lease on PostgreSQL (backends/postgres/campaigns_storage.py), beyond what
the conformance suite asks of every backend: a database migrated before the lease gives the
claims it holds a time on upgrade (migration campaigns.0003_claimed_at), hand-outs commit
without waiting for the WAL flush and only they do, and `db copy` carries claim times across."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignDraft
from backends.campaigns.models import Contact, ContactState
from backends.postgres import PostgresBackend
from backends.postgres.campaigns_storage import PgCampaignsStorage, PgCampaignsWriter
from backends.sqlite import SqliteBackend
from backends.sqlite.rows import from_ts
from tests import pg_server
from tests.conformance.test_campaigns import ALL_DAY, OUTCOMES, contact_draft
from tests.postgres.test_copy import run


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    server = pg_server.session_server(request)
    url = await asyncio.to_thread(pg_server.create_database, server)
    try:
        yield url
    finally:
        await asyncio.to_thread(pg_server.drop_database, server, url)


async def claimed_contact(backend: PostgresBackend | SqliteBackend) -> Contact:
    """A campaign with one contact, handed to `ada`."""
    service = backend.domain(CAMPAIGNS)
    campaign = await service.create_campaign(CampaignDraft(
        name="lease", outcomes=OUTCOMES, **ALL_DAY))
    await service.add_contacts(campaign.id, [contact_draft(phone="+390612345673")])
    taken = await service.next_contact(campaign.id, "ada")
    assert taken is not None and taken.claimed_by == "ada"
    return taken


async def stored(backend: PostgresBackend, contact_id: int) -> Contact:
    found = await PgCampaignsStorage(backend.store).write(lambda tx: tx.contact(contact_id))
    assert found is not None
    return found


def claim_on_file(path: Path, contact_id: int) -> tuple[str | None, datetime | None]:
    """Who holds the contact in a SQLite file, and since when."""
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT claimed_by, claimed_at FROM campaign_contacts WHERE id = ?",
                           [contact_id]).fetchone()
    return row[0], from_ts(row[1])


async def test_claims_held_before_the_lease_start_it_on_upgrade(database: str) -> None:
    async with PostgresBackend(database) as pg:
        taken = await claimed_contact(pg)
    # the database as a version before the lease left it: no column, no migration
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("DROP INDEX campaign_contacts_claimed_by")
        conn.execute("ALTER TABLE campaign_contacts DROP COLUMN claimed_at")  # and its index
        conn.execute("DELETE FROM centralino_migrations WHERE name = 'campaigns.0003_claimed_at'")
    before = datetime.now(UTC)
    async with PostgresBackend(database) as pg:
        assert "campaigns.0003_claimed_at" in await pg.schema_migrations()
        again = await stored(pg, taken.id)
        assert again.state is ContactState.CLAIMED and again.claimed_by == "ada"
        assert again.claimed_at is not None and again.claimed_at >= before
        with psycopg.connect(database) as conn:
            indexes = {r[0] for r in conn.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'campaign_contacts'")}
        assert {"campaign_contacts_claimed", "campaign_contacts_claimed_by"} <= indexes


async def test_only_hand_outs_commit_without_waiting_for_the_flush(database: str) -> None:
    # the tests' server runs without syncs (tests/pg_server.py): this database asks for them,
    # as a production one does (a database's setting overrides the server's)
    with psycopg.connect(database, autocommit=True) as conn:
        name = conn.info.dbname
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = on')
    async with PostgresBackend(database, pool_size=1) as pg:  # one connection: reused
        storage = PgCampaignsStorage(pg.store)

        def setting(tx: PgCampaignsWriter) -> str:
            row = tx.conn.execute("SHOW synchronous_commit").fetchone()
            assert row is not None
            return str(row["synchronous_commit"])

        assert await storage.write(setting) == "on"
        assert await storage.write_claims(setting) == "off"
        # SET LOCAL: the connection goes back to the pool as it was
        assert await storage.write(setting) == "on"


async def test_claim_times_travel_with_db_copy(database: str, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    async with SqliteBackend(source) as lite:
        taken = await claimed_contact(lite)
    held = claim_on_file(source, taken.id)
    assert held[0] == "ada" and held[1] is not None
    copied = await asyncio.to_thread(run, "db", "copy", str(source), database)
    assert copied.exit_code == 0, copied.stderr
    async with PostgresBackend(database) as pg:
        there = await stored(pg, taken.id)
    assert (there.claimed_by, there.claimed_at) == held
    back = tmp_path / "back.db"
    async with SqliteBackend(back):
        pass  # migrated, empty
    returned = await asyncio.to_thread(run, "db", "copy", database, str(back))
    assert returned.exit_code == 0, returned.stderr
    assert claim_on_file(back, taken.id) == held
