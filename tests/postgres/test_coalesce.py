"""backends/postgres/coalesce.py: requests arriving together share one generation read, and
none is answered by a read sent before it arrived (a change committed before a request is
always seen by it)."""

from __future__ import annotations

import asyncio

from backends.postgres.coalesce import Coalesced


class Database:
    """A value that changes, read with a delay; counts the reads sent."""

    def __init__(self) -> None:
        self.value = 0
        self.sent: list[int] = []  # the value at the moment each read was sent
        self.release = asyncio.Event()

    async def read(self) -> int:
        self.sent.append(self.value)
        seen = self.value
        await self.release.wait()
        return seen


async def test_requests_arriving_together_share_one_read() -> None:
    db = Database()
    shared = Coalesced(db.read)
    first = asyncio.ensure_future(shared.get())
    while not db.sent:  # the first read is on its way
        await asyncio.sleep(0)
    db.value = 1  # committed after it was sent, before the next requests arrive
    later = [asyncio.ensure_future(shared.get()) for _ in range(50)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert db.sent == [0]  # they wait for the first to come back, not sending their own
    db.release.set()
    assert await first == 0
    assert await asyncio.gather(*later) == [1] * 50  # none answered by the early read
    assert db.sent == [0, 1]  # 51 requests, two reads
    assert await shared.get() == 1 and shared.reads == 3  # a quiet moment: a read of its own


async def test_a_failed_read_fails_its_waiters_and_the_next_read_starts_clean() -> None:
    calls = 0

    async def flaky() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        if calls == 1:
            raise ConnectionError("the database restarted")
        return calls

    shared = Coalesced(flaky)
    failing = asyncio.ensure_future(shared.get())
    await asyncio.sleep(0)
    following = asyncio.ensure_future(shared.get())
    try:
        await failing
    except ConnectionError:
        pass
    else:
        raise AssertionError("the failed read was answered")
    assert await following == 2 and await shared.get() == 3
