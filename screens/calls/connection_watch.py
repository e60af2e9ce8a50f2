"""The offline line and how it clears (docs/ARCHITECTURE.md, "screens/"): once the store is
unreachable the console asks it two cheap questions every PROBE_SECONDS (the feed's position,
and a customer search that finds nobody: with Request Tracker the customers are RT's while the
feed is local, so both parts must answer); the first answer clears
the line at once (not only when a change event arrives) and reads again what may have changed
meanwhile: the queue, the call in hand, the operator. Meanwhile the queue shows no wait times,
which would be stale."""

from __future__ import annotations

from collections.abc import Callable

from backends.customers.api import Customers
from backends.errors import BackendError, Unavailable
from backends.feed.api import Feed
from screens.calls.desk_sync import DeskSync
from screens.common.desk import Desk, DeskView

PROBE_SECONDS = 1.0
PROBE_QUERY = "+000000000000000"  # matches nobody: no customer record is read


class ConnectionWatch:
    def __init__(self, desk: Desk, view: DeskView, *, feed: Feed, customers: Customers,
                 sync: DeskSync, show: Callable[[bool, str], None]) -> None:
        """`show(offline, reason)`: draw or clear the offline line."""
        self.desk = desk
        self.view = view
        self.feed = feed
        self.customers = customers
        self.sync = sync
        self._show = show
        self.offline = False
        self._probing = False

    def went_offline(self, reason: str) -> None:
        self.offline = True
        self._show(True, reason)
        if not self._probing:
            self._probing = True
            self.view.later(PROBE_SECONDS, self._probe)

    def came_back(self) -> None:
        """The store answered: clear the line and catch up with what changed meanwhile."""
        if not self.offline:
            return
        self.offline = False
        self._show(False, "")
        if self.desk.ready:
            self.sync.refresh_queue()
            self.sync.reload_call()
            self.sync.reload_operator()

    def _probe(self) -> None:
        self.view.launch(self._probe_once, "connection-probe", exclusive=True)

    async def _probe_once(self) -> None:
        if not self.offline:
            self._probing = False
            return
        if not self.desk.ready:  # start-up retries on its own and clears the line itself
            self.view.later(PROBE_SECONDS, self._probe)
            return
        try:
            await self.feed.last_event_id()
            await self.customers.search_customers(PROBE_QUERY, 1)
        except Unavailable:
            self.view.later(PROBE_SECONDS, self._probe)
            return
        except BackendError:
            pass  # a refusal is an answer: the store is reachable
        self._probing = False
        self.came_back()
