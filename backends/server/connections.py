"""uvicorn's HTTP protocol with the limits it lacks: how long a client may take to send a
request, how large a request head may be, and how many connections one worker keeps open;
and a response's head sent with its body (`HeadWithBody`).

uvicorn arms no timer until a first response is sent, so a client that connects and sends half
a request keeps its connection (and file descriptor) for ever: 20,000 of them stopped a server
from accepting anybody. Here each request must arrive within its time:

- the head (request line and headers) within `head_timeout` seconds of the connection opening,
  or of the first byte of a later request on a kept-alive connection, and in `MAX_HEAD_BYTES`;
- the body within `body_timeout` seconds of the head (1 MiB in 30 s is ~35 KB/s).

A connection past its time is closed. A worker holding `max_connections` connections makes
room for a new one by closing the one idle longest (waiting for a request head, or kept alive
between requests): a stalled client goes before a working one. When every connection is busy
with a request or an event stream, the new one is refused.

The limits are class attributes set from the environment (CENTRALINO_SERVE_HEAD_TIMEOUT, …),
so `serve --workers N` hands them to each worker process as it hands the database path.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_TIMEOUT = 10.0
BODY_TIMEOUT = 30.0
MAX_CONNECTIONS = 1000
MAX_HEAD_BYTES = 64 * 1024  # request line and headers; ours are a few hundred bytes
ENV = {"head_timeout": "CENTRALINO_SERVE_HEAD_TIMEOUT",
       "body_timeout": "CENTRALINO_SERVE_BODY_TIMEOUT",
       "max_connections": "CENTRALINO_SERVE_MAX_CONNECTIONS"}


def _env(name: str, default: float) -> float:
    try:
        return float(os.environ.get(ENV[name], default))
    except ValueError:
        return default


class HeadWithBody:
    """One response's transport: its head (the first write) waits for the first write of
    its body and goes out with it, one send() where uvicorn made two. Each send on loopback
    runs the receiver's TCP path too and wakes it, so a response of one segment costs both
    sides less (the head's send was a tenth of the server's CPU under the load mix). A body
    that does not follow within the same turn of the loop (an event stream's first event
    may be far off) leaves the head to go alone at the next turn; anything else asked of
    the transport (close, is_closing …) sends it first, so the order never changes."""

    __slots__ = ("_first", "_head", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport, self._loop = transport, loop
        self._head: bytes | None = None
        self._first = True

    def write(self, data: bytes) -> None:
        if self._first:
            self._first = False
            self._head = data
            self._loop.call_soon(self.flush)
            return
        if self._head is not None:
            data, self._head = self._head + data, None
        self._transport.write(data)

    def flush(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            if not self._transport.is_closing():  # the client left within this turn
                self._transport.write(head)

    def __getattr__(self, name: str) -> Any:
        self.flush()
        return getattr(self._transport, name)


class GuardedHttpProtocol(HttpToolsProtocol):
    head_timeout: float = _env("head_timeout", HEAD_TIMEOUT)
    body_timeout: float = _env("body_timeout", BODY_TIMEOUT)
    max_connections: int = int(_env("max_connections", MAX_CONNECTIONS))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._head_bytes: int | None = 0  # None: no request head is being read
        # when it last started waiting for a request (not loop.time(): uvloop's counts whole
        # milliseconds, and connections opened within one would tie)
        self._idle_since = 0.0

    @classmethod
    def configure(cls, head_timeout: float, body_timeout: float, max_connections: int) -> None:
        """Set the limits here and in the environment (for worker processes)."""
        cls.head_timeout, cls.body_timeout = head_timeout, body_timeout
        cls.max_connections = max_connections
        os.environ.update({ENV["head_timeout"]: str(head_timeout),
                           ENV["body_timeout"]: str(body_timeout),
                           ENV["max_connections"]: str(max_connections)})

    # -- the connection --------------------------------------------------------------------
    # uvicorn's own signature, narrower than asyncio's BaseProtocol (the event loop hands a
    # stream protocol an asyncio.Transport); mypy reports uvicorn's narrowing here
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._idle_since = time.monotonic()
        if len(self.connections) > self.max_connections and not self._make_room():
            transport.abort()  # every connection is busy with a request: refuse this one
            return
        self._arm(self.head_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _idle(self) -> bool:
        """Between requests: no request of this connection is being answered."""
        return self.cycle is None or self.cycle.response_complete

    def _make_room(self) -> bool:
        """Close the connection idle longest, if any (O(connections), only when full)."""
        idle = [c for c in self.connections
                if isinstance(c, GuardedHttpProtocol) and c is not self and c._idle()]
        if not idle:
            return False
        oldest = min(idle, key=lambda c: c._idle_since)
        oldest.transport.abort()
        self.connections.discard(oldest)
        return True

    def data_received(self, data: bytes) -> None:
        if self._head_bytes is not None:
            self._head_bytes += len(data)
        super().data_received(data)
        # still in a head (headers_complete not reached) and past the bound: close
        if self._head_bytes is not None and self._head_bytes > MAX_HEAD_BYTES:
            self.transport.abort()

    # -- the parser's callbacks -------------------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._head_bytes is None:  # a later request on a kept-alive connection
            self._head_bytes = 0
            self._arm(self.head_timeout)

    def on_headers_complete(self) -> None:
        self._head_bytes = None
        self._arm(self.body_timeout)  # disarmed by on_message_complete, at once if no body
        before = self.cycle
        super().on_headers_complete()
        if self.cycle is not None and self.cycle is not before:  # a new request's answer
            # duck-typed: the cycle only writes, closes and asks is_closing
            self.cycle.transport = HeadWithBody(  # type: ignore[assignment]
                self.transport, self.loop)

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        self._idle_since = time.monotonic()
        super().on_response_complete()

    # -- the timer ---------------------------------------------------------------------------
    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.abort()
