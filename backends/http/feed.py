"""The change feed over HTTP: backends/feed/api.py `Feed`, spoken to the server's routes_feed.

Pages of events as JSON, and a live feed of server-sent events that reconnects with
Last-Event-ID (backing off) after any break, so a consumer neither misses nor repeats an event.
Part of the http client (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
from pydantic import ValidationError

from backends.errors import BackendError, Forbidden, Unavailable
from backends.feed.models import Event
from backends.http.connection import Connection
from backends.http.sse import Frame, parse_frames
from backends.http.transport import backoff
from backends.wire.feed import LastEventId

STREAM_READ_TIMEOUT = 60.0  # the server sends a keep-alive every 15 s; silence past this = dead


class HttpFeed:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def read_events(self, after_id: int = 0, limit: int = 500) -> list[Event]:
        limit = max(1, min(int(limit), 1000))
        return await self._c.get("/v1/events", list[Event],
                                 {"after": max(0, int(after_id)), "limit": limit})

    async def last_event_id(self) -> int:
        last: LastEventId = await self._c.get("/v1/events/last", LastEventId)
        return last.id

    def events(self, after_id: int | None = None) -> AsyncIterator[Event]:
        return self._feed(after_id)

    async def _feed(self, after_id: int | None) -> AsyncIterator[Event]:
        """Server-sent events, reconnecting with Last-Event-ID (and backing off) after any
        break; ends when the backend is closed. A refused token ends it with Forbidden."""
        attempt = 0
        while after_id is None and not self._c.closed:
            try:
                after_id = await self.last_event_id()
            except Unavailable:
                await asyncio.sleep(backoff(attempt, cap=5.0))
                attempt += 1
        position = after_id or 0
        while not self._c.closed:
            try:
                async for frame in self._stream_once(position):
                    attempt = 0
                    position = frame.id or position  # a skipped frame moves it too
                    if frame.event is not None:
                        yield frame.event
            except Forbidden:
                raise
            except (httpx.HTTPError, BackendError, ValidationError) as exc:
                if self._c.closed:
                    return
                if isinstance(exc, httpx.TransportError):
                    self._c.went_offline(type(exc).__name__)
            if self._c.closed:
                return
            await asyncio.sleep(backoff(attempt, cap=5.0))
            attempt += 1

    async def _stream_once(self, after_id: int) -> AsyncIterator[Frame]:
        """Frames with an id past `after_id` (the unreadable ones with event None)."""
        headers = {"Accept": "text/event-stream", "Last-Event-ID": str(after_id)}
        timeout = httpx.Timeout(self._c.timeout, read=STREAM_READ_TIMEOUT)
        transport = self._c.transport
        async with transport.client.stream("GET", "/v1/events", headers=headers,
                                           timeout=timeout) as response:
            if response.status_code != 200:
                await response.aread()
                raise transport.error(response)
            transport.came_back()
            async for frame in parse_frames(response.aiter_lines()):
                if frame.id is not None and frame.id > after_id:  # never repeat anything
                    after_id = frame.id
                    yield frame
