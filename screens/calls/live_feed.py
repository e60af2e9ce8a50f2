"""The live change feed of the main screen: follows `feed.events()` and tells the desk and the
panes what somebody else (a colleague, the simulator) changed (docs/ARCHITECTURE.md,
"screens/"). Panes say which subjects they follow in the pane registry (screens/panes.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from backends.errors import BackendError
from backends.feed.api import Feed
from backends.models import Event
from screens.calls.desk_sync import DeskSync
from screens.common.desk import Desk, DeskView

RETRY_MAX = 8.0  # seconds between attempts to reach the feed again, at most


class LiveFeed:
    def __init__(self, desk: Desk, view: DeskView, *, feed: Feed, sync: DeskSync,
                 offers: Callable[[Event], None],
                 to_panes: Callable[[Event], None]) -> None:
        """`offers(event)`: the transfer offers made to me look again if the event concerns
        them; `to_panes(event)`: hand the event to the panes that follow its subject."""
        self.desk = desk
        self.view = view
        self.feed = feed
        self.sync = sync
        self._offers = offers
        self._to_panes = to_panes

    def follow(self) -> None:
        self.view.launch(self._follow, "feed")

    async def _follow(self) -> None:
        after = await self._last_event_id()
        delay = 0.5
        while True:
            try:
                async for event in self.feed.events(after_id=after):
                    after = event.id
                    delay = 0.5
                    self.handle(event)
                return  # the backend closed its feed
            except BackendError as exc:
                self.view.set_offline(True, exc.message)
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX)
            try:
                await self.feed.last_event_id()
            except BackendError:
                continue
            self.view.set_offline(False)
            self.sync.schedule_queue_refresh()

    async def _last_event_id(self) -> int:
        while True:
            try:
                return await self.feed.last_event_id()
            except BackendError as exc:
                self.view.set_offline(True, exc.message)
                await asyncio.sleep(2.0)

    def handle(self, event: Event) -> None:
        desk, sync = self.desk, self.sync
        kind = event.subject_type
        self._to_panes(event)
        self._offers(event)
        self.view.event_arrived()
        if kind == "call":
            sync.schedule_queue_refresh()
            if desk.call is not None and event.subject_id == desk.call.id:
                sync.reload_call()
        elif kind == "customer":
            if event.subject_id is not None:
                desk.names.pop(event.subject_id, None)
            sync.schedule_queue_refresh()
            if desk.customer is not None and event.subject_id == desk.customer.id:
                sync.reload_customer()
        elif kind == "ticket":
            if desk.customer is not None:
                sync.reload_customer()
        elif kind == "transfer":
            if desk.call is not None:
                sync.reload_call()
        elif kind == "operator" and event.subject.split(":", 1)[-1] == desk.operator_name:
            sync.reload_operator()
