"""One round trip for many concurrent askers of the same small read (the generations the
server's caches check on every request, docs/ARCHITECTURE.md "Several servers").

`await Coalesced(read).get()` answers with a read *sent after the call began*, so it sees
every change committed before the request arrived (a change through another server is seen
in the very next answer), but the requests arriving while one read is on its way share the
next read instead of sending one each: under load, two reads in flight at most instead of
one per request. Runs on one event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Coalesced(Generic[T]):
    def __init__(self, read: Callable[[], Awaitable[T]]) -> None:
        self._read = read
        self._running: asyncio.Future[T] | None = None  # sent: too early for a newcomer
        self._next: asyncio.Future[T] | None = None  # to be sent when the running one ends
        self.reads = 0  # reads sent (a benchmark compares them with the requests)

    async def get(self) -> T:
        if self._running is None:
            self._running = self._start()
            return await asyncio.shield(self._running)
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        return await asyncio.shield(self._next)

    def _start(self) -> asyncio.Future[T]:
        self.reads += 1
        task = asyncio.ensure_future(self._read())
        task.add_done_callback(self._done)
        return task

    def _done(self, _finished: asyncio.Future[T]) -> None:
        self._running = None
        waiting, self._next = self._next, None
        if waiting is None:
            return
        self._running = self._start()
        self._running.add_done_callback(lambda read: _settle(waiting, read))


def _settle(target: asyncio.Future[T], read: asyncio.Future[T]) -> None:
    if target.done():
        return
    if read.cancelled():
        target.cancel()
    elif (error := read.exception()) is not None:
        target.set_exception(error)
    else:
        target.set_result(read.result())
