"""Worker processes for the next-contact race (tests/campaigns/test_next_contact_race.py):
each opens its own SqliteBackend on the shared file and takes contacts until none is left."""

from __future__ import annotations

import asyncio

from backends.campaigns.api import CAMPAIGNS
from backends.errors import BackendError
from backends.sqlite import SqliteBackend


def take_all(path: str, operator: str, campaign_id: int) -> dict[str, list]:
    async def run() -> dict[str, list]:
        got: list[int] = []
        errors: list[str] = []
        async with SqliteBackend(path) as backend:
            campaigns = backend.domain(CAMPAIGNS)
            while True:
                try:
                    contact = await campaigns.next_contact(campaign_id, operator)
                except BackendError as exc:
                    errors.append(repr(exc))
                    break
                if contact is None:
                    break
                assert contact.claimed_by == operator
                got.append(contact.id)
        return {"got": got, "errors": errors}

    return asyncio.run(run())
