"""The change feed over HTTP: one poller shares the backend's events with every SSE stream.

One task reads the backend's feed (woken at once by the server's own writes, otherwise every
`poll_interval`) and hands each batch to the subscribed streams. A stream registers first, then
back-fills from its Last-Event-ID, then drains its queue skipping what it already sent and
filling any hole from the store, so a resumed stream has no gap and no duplicate. A consumer too
slow to keep up is cut off; its client reconnects with Last-Event-ID and back-fills.
Keep-alives come from the same task: a stream that got nothing for its `heartbeat` seconds is
handed an empty batch at the next tick, so a stream waits on its queue with no timer of its own.

Access ends with the token, for open streams too: at every tick, after reading the feed and
before handing out what it read, the hub reads the token generation (`watch`), which moves
with every revocation and role change. When it moved, every stream is handed an empty batch,
and a stream asks whether its token still stands before it sends anything (routes_feed.py).
A stream whose token expires is woken the same way at its `deadline`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import math
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

from backends.errors import BackendError
from backends.feed.api import Feed
from backends.feed.models import Event

PAGE = 500
QUEUE_BATCHES = 256
# After a delivery the hub waits at least this long before reading the feed again: writes that
# arrive meanwhile go out as one batch, one write per stream instead of one per event (with
# 100 streams and hundreds of writes a second, the fan-out was the server's largest cost).
# Each delivery is a wake-up, two async generators and a socket write per stream, on the
# server and again on every console; at most ten a second keeps a change on screen well
# within the half second the consoles promise (this wait plus the poll interval: 0.35 s).
COALESCE = 0.1
log = logging.getLogger("centralino.server")


Queue = asyncio.Queue[list[Event] | None]


class _Sub:
    """A stream's keep-alive bookkeeping: its heartbeat, when it was last handed anything and
    when its token expires (loop time)."""

    __slots__ = ("deadline", "heartbeat", "last")

    def __init__(self, heartbeat: float, now: float, deadline: float) -> None:
        self.heartbeat, self.last, self.deadline = heartbeat, now, deadline


class EventHub:
    def __init__(self, feed: Feed, poll_interval: float = 0.25) -> None:
        self._feed = feed
        self._poll = poll_interval
        self._subs: dict[Queue, _Sub] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._frames: dict[int, bytes] = {}
        self.last_id = 0
        # called with every batch the hub reads (the server's caches listen for changes)
        self.listeners: list[Callable[[list[Event]], None]] = []
        # reads the token generation (ServerContext sets it; on PostgreSQL a coroutine on
        # the server's async pool, no blocking query on the loop); None: nothing to watch
        self.watch: Callable[[], int | Awaitable[int]] | None = None
        self.auth_generation: int | None = None

    def frame(self, event: Event) -> bytes:
        """The SSE frame of an event, serialised once however many streams carry it."""
        frame = self._frames.get(event.id)
        if frame is None:
            if len(self._frames) >= FRAME_CACHE:
                self._frames.clear()
            frame = b"id: %d\nevent: change\ndata: %s\n\n" % (
                event.id, event.model_dump_json().encode())
            self._frames[event.id] = frame
        return frame

    async def start(self) -> None:
        self.last_id = await self._feed.last_event_id()
        await self._check_auth(0.0)
        self._task = asyncio.create_task(self._run(), name="event-hub")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for queue in list(self._subs):
            self._offer(queue, None)  # the stream ends; its client reconnects elsewhere

    def poke(self) -> None:
        """Something was written through this server: look now rather than at the next tick."""
        self._wake.set()

    def _offer(self, queue: Queue, item: list[Event] | None) -> None:
        try:
            queue.put_nowait(item)
        except asyncio.QueueFull:  # too slow: end the stream, the client resumes from its id
            self._subs.pop(queue, None)
            with contextlib.suppress(asyncio.QueueEmpty):
                queue.get_nowait()
            queue.put_nowait(None)

    def _deliver(self, batch: list[Event], now: float) -> None:
        for listener in self.listeners:
            try:
                listener(batch)
            except Exception:  # a cache's bug must not stop the feed
                log.exception("event listener failed")
        for queue, sub in list(self._subs.items()):
            sub.last = now
            self._offer(queue, batch)

    def _keep_alive(self, now: float) -> None:
        """An empty batch (a keep-alive) to every stream silent for its heartbeat or longer,
        and to every stream past its token's expiry (it then ends itself)."""
        for queue, sub in list(self._subs.items()):
            if now - sub.last >= sub.heartbeat or now >= sub.deadline:
                sub.last = now
                self._offer(queue, [])

    async def _check_auth(self, now: float) -> None:
        """Read the token generation; when it moved, wake every stream to check its token."""
        if self.watch is None:
            return
        try:
            read = self.watch()
            generation = await read if inspect.isawaitable(read) else read
        except Exception as exc:  # the streams keep their last check; the log says why
            log.warning("token generation read failed: %s", type(exc).__name__)
            return
        if generation == self.auth_generation:
            return
        self.auth_generation = generation
        for queue, sub in list(self._subs.items()):
            sub.last = now
            self._offer(queue, [])

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._wake.clear()  # before the read: a poke during the read means "read again"
            try:
                batch = await self._feed.read_events(self.last_id, PAGE)
            except BackendError as exc:
                # the code, not the message: it names the database file
                log.warning("event feed read failed: %s (%s)", exc.code, type(exc).__name__)
                await self._check_auth(loop.time())
                self._keep_alive(loop.time())
                await asyncio.sleep(1.0)
                continue
            except Exception as exc:
                # the error's type and where, never its message: it may quote the row's data
                log.warning("event feed read failed after event %d: %s", self.last_id,
                            type(exc).__name__)
                await self._check_auth(loop.time())
                self._keep_alive(loop.time())
                await asyncio.sleep(1.0)
                continue
            # after the read, before the hand-out: an event written after a revocation
            # reaches its streams only after they have seen the generation move
            await self._check_auth(loop.time())
            if batch:
                self.last_id = batch[-1].id
                self._deliver(batch, loop.time())
                if len(batch) == PAGE:
                    continue
                await asyncio.sleep(COALESCE)
            self._keep_alive(loop.time())
            if not self._wake.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout_at(loop.time() + self._poll):
                        await self._wake.wait()

    async def stream(self, after_id: int, heartbeat: float,
                     deadline: float = math.inf) -> AsyncGenerator[list[Event], None]:
        """Batches of events with id > after_id, then live ones; [] after `heartbeat` s of
        silence (give or take one poll interval), when the token generation moves and from
        `deadline` (loop time) on. Batches keep the write count low when many streams carry
        many events."""
        queue: Queue = asyncio.Queue(QUEUE_BATCHES)
        self._subs[queue] = _Sub(heartbeat, asyncio.get_running_loop().time(), deadline)
        try:
            sent = after_id
            async for page in self._backfill(sent, None):
                sent = page[-1].id
                yield page
            while True:
                batch = await queue.get()
                if batch is None:
                    return
                if not batch:
                    yield []  # keep-alive
                    continue
                out: list[Event] = []
                for event in batch:
                    if event.id <= sent:
                        continue
                    if event.id > sent + 1:  # a hole: fetch it from the store first
                        async for page in self._backfill(sent, event.id):
                            out.extend(page)
                            sent = page[-1].id
                    if event.id > sent:
                        out.append(event)
                        sent = event.id
                if out:
                    yield out
        finally:
            self._subs.pop(queue, None)

    async def _backfill(self, after_id: int,
                        before_id: int | None) -> AsyncIterator[list[Event]]:
        """Pages of stored events with after_id < id (< before_id)."""
        while True:
            page = await self._feed.read_events(after_id, PAGE)
            kept = [e for e in page if before_id is None or e.id < before_id]
            if kept:
                after_id = kept[-1].id
                yield kept
            if len(page) < PAGE or len(kept) < len(page):
                return


FRAME_CACHE = 4096


HEARTBEAT_FRAME = b": keepalive\n\n"
RETRY_FRAME = b"retry: 2000\n\n"
