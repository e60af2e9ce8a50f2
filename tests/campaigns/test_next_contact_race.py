"""The next contact is handed out once, across processes on one SQLite file (the calls claim
race of tests/sqlite/test_concurrency.py, applied to campaign contacts); the same race through
every backend, our server included, is in tests/conformance/test_campaigns.py."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.models import CampaignDraft, ContactDraft, Outcome
from backends.sqlite import SqliteBackend
from tests.campaigns import race_workers
from tests.conformance.test_campaigns import ALL_DAY

WORKERS = 4
CONTACTS = 300


async def test_next_contact_race_between_processes(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    async with SqliteBackend(path) as backend:
        campaigns = backend.domain(CAMPAIGNS)
        campaign = await campaigns.create_campaign(CampaignDraft(
            name="race", outcomes=[Outcome(code="done", label="Done", final=True)], **ALL_DAY))
        added = await campaigns.add_contacts(campaign.id, [
            ContactDraft(phone=f"+3906{10000000 + n}", business=True) for n in range(CONTACTS)])
        assert added.added == CONTACTS
    ready = tmp_path / "ready"
    ready.mkdir()
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        results = pool.starmap(race_workers.take_all, [
            (str(path), f"op{n}", campaign.id, str(ready), WORKERS) for n in range(WORKERS)],
            chunksize=1)
    assert [r["errors"] for r in results] == [[]] * WORKERS
    handed = Counter(i for r in results for i in r["got"])
    assert len(handed) == CONTACTS
    assert set(handed.values()) == {1}, "a contact was handed out twice"
    assert sum(1 for r in results if r["got"]) > 1, "only one process ever won: no race"
