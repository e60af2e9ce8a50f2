"""Worker processes for the next-contact race (tests/campaigns/test_next_contact_race.py):
each opens its own SqliteBackend on the shared file and takes contacts until none is left."""

from __future__ import annotations

import asyncio

from backends.campaigns.api import CAMPAIGNS, Campaigns
from backends.errors import BackendError
from backends.sqlite import SqliteBackend

OPERATORS_PER_PROCESS = 5


def take_all(path: str, operator: str, campaign_id: int) -> dict[str, list]:
    """Five operators of the process take at once, so their requests are also served
    together in one transaction (backends/campaigns/claims.py)."""
    async def one(campaigns: Campaigns, name: str, got: list[int], errors: list[str]) -> None:
        while True:
            try:
                contact = await campaigns.next_contact(campaign_id, name)
            except BackendError as exc:
                errors.append(repr(exc))
                break
            if contact is None:
                break
            assert contact.claimed_by == name
            got.append(contact.id)

    async def run() -> dict[str, list]:
        got: list[int] = []
        errors: list[str] = []
        async with SqliteBackend(path) as backend:
            campaigns = backend.domain(CAMPAIGNS)
            await asyncio.gather(*(one(campaigns, f"{operator}.{n}", got, errors)
                                   for n in range(OPERATORS_PER_PROCESS)))
        return {"got": got, "errors": errors}

    return asyncio.run(run())
