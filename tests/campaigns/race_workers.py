"""Worker processes for the next-contact race (tests/campaigns/test_next_contact_race.py):
each opens its own SqliteBackend on the shared file and takes contacts until none is left."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from backends.campaigns.api import CAMPAIGNS, Campaigns
from backends.errors import BackendError
from backends.sqlite import SqliteBackend

OPERATORS_PER_PROCESS = 5


READY_TIMEOUT = 60.0  # seconds the workers wait for one another to be ready


START_DELAY = 0.2  # seconds after the last worker got ready, when every worker starts


def _all_ready(ready_dir: Path, operator: str, workers: int) -> None:
    """Start together: on a loaded machine spawned processes come up seconds apart, and the
    first would take every contact before the others opened the store (no race to test).
    Each worker waits for all, then sleeps until one shared instant (the newest ready mark
    plus START_DELAY on the wall clock), so none is ahead by its polling interval."""
    (ready_dir / operator).touch()
    deadline = time.monotonic() + READY_TIMEOUT
    while len(marks := list(ready_dir.iterdir())) < workers and time.monotonic() < deadline:
        time.sleep(0.01)
    start = max(mark.stat().st_mtime for mark in marks) + START_DELAY
    time.sleep(max(0.0, start - time.time()))


def take_all(path: str, operator: str, campaign_id: int, ready_dir: str = "",
             workers: int = 1) -> dict[str, list]:
    """Five operators of the process take at once, so their requests are also served
    together in one transaction (backends/campaigns/claims.py). With `ready_dir`, every
    process opens the store first and all start taking together."""
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
            if ready_dir:
                _all_ready(Path(ready_dir), operator, workers)
            await asyncio.gather(*(one(campaigns, f"{operator}.{n}", got, errors)
                                   for n in range(OPERATORS_PER_PROCESS)))
        return {"got": got, "errors": errors}

    return asyncio.run(run())
