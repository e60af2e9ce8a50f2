"""Several mail workers on one PostgreSQL database (README, "Beyond one machine": any number of
`centralino mailer` may run): each message due is claimed by one sender only. Two stores on
one database, as two workers' connections, claim at once, round after round: no message is
handed to two senders, and every one is handed out (the claim is an UPDATE conditional on the
message's version, which PostgreSQL re-checks on the newest row when the other worker's claim
commits first)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from backends.messages.api import MESSAGES
from backends.messages.inputs import MessageDraft
from backends.people.models import DirectoryEntry
from backends.postgres import PostgresBackend
from tests import pg_server
from tests.conformance.helpers import operator

MESSAGES_DUE = 60
WORKERS = 6  # claims at once per round, half through each store


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    async with pg_server.migrated_database(request) as url:
        yield url


async def test_two_workers_on_one_database_claim_each_message_once(database: str) -> None:
    async with PostgresBackend(database) as first, PostgresBackend(database) as second:
        await operator(first, "rita")
        await first.people.upsert_directory_entry(DirectoryEntry(
            name="Laura Bianchi", email="laura@example.com"))
        taken = [await first.domain(MESSAGES).take_message(MessageDraft(
            for_name="Laura Bianchi", taken_by="rita", caller_name=f"Caller {i}"))
            for i in range(MESSAGES_DUE)]
        senders = [first.domain(MESSAGES), second.domain(MESSAGES)]
        handed: Counter[int] = Counter()
        while True:
            # a few at a time, so that the claims of one round meet on the same rows
            rounds = await asyncio.gather(*(senders[i % 2].claim_mail(limit=5)
                                            for i in range(WORKERS)))
            claimed = [message.id for batch in rounds for message in batch]
            if not claimed:
                break
            handed.update(claimed)
        assert [m for m, times in handed.items() if times > 1] == []
        assert sorted(handed) == sorted(m.id for m in taken)
