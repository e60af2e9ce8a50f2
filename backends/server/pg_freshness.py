"""Every number a server's caches check, read in one statement (PostgreSQL, several servers).

A server on PostgreSQL keeps two caches that must not serve what another server changed: its
token records (checked against the token generation) and its answers to type-ahead and the
directory (checked against the generation of their tables, backends/server/answer_cache.py).
Each check is a read *sent after the request began*, so a change committed through any server
before the request arrived is seen in its answer. They were two reads one after the other; a
search waited for both, each a round trip of the event loop under load. Here one statement
reads all of them, concurrent requests share it (backends/postgres/coalesce.py), and one
request uses the numbers it got for every check it makes (`Generations`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from backends.errors import NotFound
from backends.i18n import _
from backends.postgres.coalesce import Coalesced

# the token generation's name in the answer: no group of tables has an empty name
TOKENS = ""
FRESHNESS = ("SELECT '' AS name, n FROM server_token_generation WHERE id = 1 "
             "UNION ALL SELECT name, n FROM generations")


class Generations(dict[str, int]):
    """The numbers of one read: the token generation under TOKENS, the tables' by name. As a
    cache's generation source (answer_cache.KeepsGenerations) it answers from this read."""

    @property
    def tokens(self) -> int:
        return self.get(TOKENS, 0)

    async def generation(self, name: str) -> int:
        found = self.get(name) if name != TOKENS else None
        if found is None:
            raise NotFound(_("no generation '{name}'").format(name=name))
        return found


class Freshness:
    """`await fresh()`: the numbers of a read sent after the call began, shared with the calls
    arriving while it is on its way. `fetch` runs one statement (the server's async pool)."""

    def __init__(self, fetch: Callable[[str, list[Any]], Awaitable[list[tuple[Any, ...]]]]
                 ) -> None:
        self._fetch = fetch
        self._shared: tuple[asyncio.AbstractEventLoop, Coalesced[Generations]] | None = None

    async def __call__(self) -> Generations:
        loop = asyncio.get_running_loop()
        if self._shared is None or self._shared[0] is not loop:
            self._shared = (loop, Coalesced(self._read))
        return await self._shared[1].get()

    @property
    def reads(self) -> int:
        """Statements sent so far (a benchmark compares them with the requests)."""
        return self._shared[1].reads if self._shared is not None else 0

    async def _read(self) -> Generations:
        return Generations({str(name): int(n) for name, n in await self._fetch(FRESHNESS, [])})
