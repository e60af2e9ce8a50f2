"""The next contact is handed out once, across processes on one SQLite file (the calls claim
race of tests/sqlite/test_concurrency.py, applied to campaign contacts); the same race through
every backend, our server included, is in tests/conformance/test_campaigns.py."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignDraft, ContactDraft
from backends.campaigns.models import Outcome
from backends.sqlite import SqliteBackend
from tests.campaigns import race_workers
from tests.conformance.test_campaigns import ALL_DAY

WORKERS = 4
CONTACTS = 1500
ATTEMPTS = 3  # races run until more than one process won; each is checked for double hand-outs


async def test_next_contact_race_between_processes(tmp_path: Path) -> None:
    """Every attempt must hand each contact out once. A race where one process took every
    contact (the scheduler let it run alone) proves nothing about contention, so it is run
    again, up to ATTEMPTS times; the test fails if no attempt had more than one winner."""
    winners = 0
    for attempt in range(ATTEMPTS):
        winners = await _race(tmp_path / f"attempt{attempt}")
        if winners > 1:
            break
    assert winners > 1, f"only one process ever won in {ATTEMPTS} attempts: no race"


async def _race(folder: Path) -> int:
    folder.mkdir()
    path = folder / "store.db"
    async with SqliteBackend(path) as backend:
        campaigns = backend.domain(CAMPAIGNS)
        campaign = await campaigns.create_campaign(CampaignDraft(
            name="race", outcomes=[Outcome(code="done", label="Done", final=True)], **ALL_DAY))
        added = await campaigns.add_contacts(campaign.id, [
            ContactDraft(phone=f"+3906{10000000 + n}", business=True) for n in range(CONTACTS)])
        assert added.added == CONTACTS
    ready = folder / "ready"
    ready.mkdir()
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        results = pool.starmap(race_workers.take_all, [
            (str(path), f"op{n}", campaign.id, str(ready), WORKERS) for n in range(WORKERS)],
            chunksize=1)
    assert [r["errors"] for r in results] == [[]] * WORKERS
    handed = Counter(i for r in results for i in r["got"])
    assert len(handed) == CONTACTS
    assert set(handed.values()) == {1}, "a contact was handed out twice"
    return sum(1 for r in results if r["got"])
