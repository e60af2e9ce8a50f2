"""Type-ahead's ranked ids, kept while no column a search reads has changed.

A kept search answer (answer_cache.py) holds while the `customers` generation does: any change
to any customer drops every kept search. Most changes (a tag, a language, a consent) change
no search's results, only the records shown in them; under the server load mix a few customer
edits a second left three searches in four to be run again. Here the ids a search found, in
their ranked order, are kept by the stores' `customer_search` generation, which changes only
with the columns a search reads (backends/search_text.py SEARCHED_COLUMNS; a migration of
each store). When a search's answer is stale but its ids are not, the answer is rebuilt from
one read of those customers by id: the records as they are now, in the order the search
gave. At a million customers a search is milliseconds of the database, that read a fraction
of one (bench/pg.py).

The generation is read before the search runs, as the answer cache's is, so a change
committed in between makes the next check miss. A store without the generation, or a
customers interface that cannot read by id, has every search run as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Awaitable, Callable

from backends.customers.api import Customers, CustomersByIds
from backends.customers.models import Customer
from backends.errors import NotFound
from backends.server.answer_cache import AnswerCache, KeepsGenerations

SEARCH_GENERATION = "customer_search"


class RankedIds:
    def __init__(self) -> None:
        self._kept = AnswerCache()  # ids packed as 8-byte integers, by the search's key
        self.rebuilt = 0  # answers rebuilt from kept ids (tests, benchmarks)

    async def search(self, key: bytes, generations: KeepsGenerations, customers: Customers,
                     run: Callable[[], Awaitable[list[Customer]]]) -> list[Customer]:
        """The customers `run()` would find for the search `key`: from the kept ids when
        the search generation still holds, else `run()`'s, whose ids are then kept."""
        try:
            generation: int | None = await generations.generation(SEARCH_GENERATION)
        except NotFound:
            generation = None
        if generation is None or not isinstance(customers, CustomersByIds):
            return await run()
        packed = self._kept.get(key, generation)
        if packed is not None:
            ids = array("q", packed).tolist()
            found = await customers.customers_by_ids(ids)
            if len(found) == len(ids):  # one was removed: the generation moved as well
                self.rebuilt += 1
                return found
        found = await run()
        self._kept.put(key, generation, array("q", [c.id for c in found]).tobytes())
        return found
