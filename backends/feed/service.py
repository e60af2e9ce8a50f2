"""The change feed over a `FeedStorage` (docs/ARCHITECTURE.md): bounded reads, and a live feed
that polls the store cheaply (a primary-key range read every POLL_SECONDS), which also brings
other processes' changes within the 0.5 s the interface promises."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import Future
from typing import TYPE_CHECKING

from backends.errors import Unavailable
from backends.feed.models import Event

if TYPE_CHECKING:  # the Protocols type the service; a store never needs them at run time
    from backends.feed.storage import FeedStorage

POLL_SECONDS = 0.1
BATCH = 500
MAX_READ = 10_000


class FeedService:
    """The `Feed` interface (backends/feed/api.py) over a `FeedStorage`."""

    def __init__(self, storage: FeedStorage) -> None:
        self.storage = storage

    async def read_events(self, after_id: int = 0, limit: int = BATCH) -> list[Event]:
        return await self.storage.read_events(int(after_id), max(1, min(int(limit), MAX_READ)))

    async def last_event_id(self) -> int:
        return await self.storage.last_event_id()

    def events(self, after_id: int | None = None) -> AsyncIterator[Event]:
        # "from now" means now, not when the consumer first awaits: ask for the position at once
        start = None
        if after_id is None and not self.storage.closed:
            start = self.storage.newest_id_now()
        return self._follow(after_id, start)

    async def _follow(self, after_id: int | None,
                      start: Future[int] | None) -> AsyncIterator[Event]:
        try:
            if start is not None:
                position = await asyncio.wrap_future(start)
            else:
                position = int(after_id or 0)
            while not self.storage.closed:
                batch = await self.read_events(position, BATCH)
                for event in batch:
                    yield event
                    position = event.id
                if len(batch) < BATCH:
                    await asyncio.sleep(POLL_SECONDS)
        except Unavailable:
            if not self.storage.closed:
                raise
