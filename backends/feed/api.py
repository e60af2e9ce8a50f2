"""The change feed: every domain's changes as events with increasing ids.

One of the domain interfaces a backend provides (docs/ARCHITECTURE.md): a backend offers
it as `backend.feed`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol, runtime_checkable

from backends.domain_registry import DomainKey
from backends.feed.models import Event


@runtime_checkable
class Feed(Protocol):
    async def read_events(self, after_id: int = 0, limit: int = 500) -> list[Event]:
        """Events with id > after_id, ascending, no gap, no duplicate."""

    async def last_event_id(self) -> int: ...

    def events(self, after_id: int | None = None) -> AsyncIterator[Event]:
        """Live feed from `after_id` (None: from now) until close or the consumer stops.
        Other processes' changes arrive within 0.5 s."""


FEED: DomainKey[Feed] = DomainKey("feed")
