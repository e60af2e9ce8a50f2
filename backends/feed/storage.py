"""What the feed service needs of a store: its change feed, persistence only
(docs/ARCHITECTURE.md). Every write of every domain appends its events in its own transaction
(the domains' writers); this reads them back."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Protocol

from backends.feed.models import Event


class FeedStorage(Protocol):
    @property
    def closed(self) -> bool:
        """The store was closed: a live feed ends."""

    async def read_events(self, after_id: int, limit: int) -> list[Event]:
        """Events with id > after_id, ascending."""

    async def last_event_id(self) -> int: ...

    def newest_id_now(self) -> Future[int] | None:
        """Start reading the newest event id at once (a live feed "from now" starts there,
        not when its consumer first waits); None when the store is closing."""
