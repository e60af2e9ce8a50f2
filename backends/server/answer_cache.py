"""Answers of the busiest list reads kept while the tables behind them are unchanged.

Type-ahead and the transfer panel ask the same few questions over and over: a call centre's
operators type the same first letters ("Ro", "Ros") and open the same directory, and each such
answer cost 0.9–1.3 ms of a worker's CPU to build (read, rank, models, JSON) against 0.03 ms to
check a generation (backends/sqlite/schema.py: a number every change to the tables raises in
the same transaction). An answer is kept with the generation read *before* it was built, so a
change committed in between makes the next check miss rather than serve the older answer; a
change by any process (another worker, the CLI) is seen on the next request, as an uncached
read would see it.

Bounded in entries and bytes (answers and keys, which are digests); the least recently used
go first. Only role-independent answers may be kept
(every reader gets the same bytes), and only for backends that keep generations
(`KeepsGenerations`, an optional interface a backend offers by having the method). See
docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol, runtime_checkable

MAX_ENTRIES = 2048
MAX_BYTES = 16 * 1024 * 1024


@runtime_checkable
class KeepsGenerations(Protocol):
    """Optional for a backend: a number per group of tables ("customers", "directory") that
    every change to them raises in the change's own transaction (NotFound for an unknown
    group). A backend without it has its answers built anew for every request."""

    async def generation(self, name: str) -> int: ...


class AnswerCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[bytes, tuple[int, bytes]] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: bytes, generation: int) -> bytes | None:
        """The answer kept for `key` if it was built at this generation."""
        found = self._entries.get(key)
        if found is None or found[0] != generation:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return found[1]

    def put(self, key: bytes, generation: int, body: bytes) -> None:
        size = len(key) + len(body)
        if size > self.max_bytes // 16:
            return  # one huge answer would push out many small ones
        old = self._entries.get(key)
        if old is not None:
            if old[0] > generation:
                return  # a slower request built it from an older state: keep the newer
            del self._entries[key]
            self._bytes -= len(key) + len(old[1])
        self._entries[key] = (generation, body)
        self._bytes += size
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            dropped_key, (_generation, dropped) = self._entries.popitem(last=False)
            self._bytes -= len(dropped_key) + len(dropped)
