"""The next contact is handed out once across two PostgreSQL stores on one database, as two
servers (backends/postgres/campaigns_storage.py: candidates read FOR UPDATE SKIP LOCKED, the
claim an UPDATE conditional on the state): the race of tests/campaigns/test_next_contact_race.py
with several operators per store, each store serving its operators together
(backends/campaigns/claims.py)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from backends.campaigns.api import CAMPAIGNS, Campaigns
from backends.campaigns.inputs import CampaignDraft, ContactDraft
from backends.campaigns.models import Outcome
from backends.postgres import PostgresBackend
from tests import pg_server
from tests.conformance.test_campaigns import ALL_DAY

CONTACTS = 200
OPERATORS_PER_STORE = 5


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    server = pg_server.session_server(request)
    url = await asyncio.to_thread(pg_server.create_database, server)
    try:
        yield url
    finally:
        await asyncio.to_thread(pg_server.drop_database, server, url)


async def take_all(campaigns: Campaigns, campaign_id: int, name: str) -> list[int]:
    got: list[int] = []
    while (contact := await campaigns.next_contact(campaign_id, name)) is not None:
        assert contact.claimed_by == name
        got.append(contact.id)
    return got


async def test_each_contact_is_handed_out_once_across_two_stores(database: str) -> None:
    async with PostgresBackend(database) as first, PostgresBackend(database) as second:
        campaigns = [first.domain(CAMPAIGNS), second.domain(CAMPAIGNS)]
        campaign = await campaigns[0].create_campaign(CampaignDraft(
            name="race", outcomes=[Outcome(code="done", label="Done", final=True)], **ALL_DAY))
        added = await campaigns[1].add_contacts(campaign.id, [
            ContactDraft(phone=f"+3906{10000000 + n}", business=True) for n in range(CONTACTS)])
        assert added.added == CONTACTS
        results = await asyncio.gather(*(
            take_all(campaigns[n % 2], campaign.id, f"op{n}")
            for n in range(2 * OPERATORS_PER_STORE)))
    handed = Counter(i for got in results for i in got)
    assert len(handed) == CONTACTS
    assert set(handed.values()) == {1}, "a contact was handed out twice"
    assert all(results[0::2]) and all(results[1::2]), "one store never won: no race"
