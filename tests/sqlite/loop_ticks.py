"""How freely the event loop ran while some work went on (tests of work kept off the loop)."""

from __future__ import annotations

import asyncio


async def ticks_while(job: asyncio.Future[object], every: float) -> int:
    """How many sleeps of `every` seconds the loop completed while `job` ran: a loop held by
    the job gets 0 or 1."""
    ticks = 0
    while not job.done():
        await asyncio.sleep(every)
        ticks += 1
    return ticks
