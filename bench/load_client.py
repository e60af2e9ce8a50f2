"""The simulated consoles' side of bench/load.py: two ways to send a console's requests.

`LeanClient` (the default) speaks HTTP/1.1 itself over one asyncio stream per operator: it
writes the request bytes the real `HttpBackend` writes (same paths and query strings, the
`Authorization: Bearer` token, `Accept`, `If-Match` on edits, a fresh `Idempotency-Key` on every
write the console keys, JSON bodies with `Content-Length`) and reads the status line and
`Content-Length` body back; the event stream is read as raw `id:` lines. It parses only what the
next request needs (an ETag, a call id). Why: the benchmark runs on the 2 cores that also run
the server, and 100 httpx clients with pydantic validation of every reply and event took a whole
core, so the figures measured the generator as much as the server.

`HttpxClient` drives the real `HttpBackend` (httpx + pydantic): what the console really runs,
for checking that the lean path sees the same answers (`bench/load.py --client httpx`).

Both raise `Expected` for the answers the protocol expects under contention (404 empty queue,
409 lost claim, 412 stale edit) and `Failed` for any other non-2xx answer or broken connection.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

import pydantic_core

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.customers.inputs import CustomerChanges
from backends.tickets.inputs import TicketChanges, TicketEntryDraft

EXPECTED_STATUSES = frozenset({404, 409, 412})
_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_ETAG = re.compile(rb'\r\netag:[ \t]*(?:W/)?"(\d+)"', re.IGNORECASE)
_CHUNKED = re.compile(rb"\r\ntransfer-encoding:[ \t]*chunked", re.IGNORECASE)
_CLOSE = re.compile(rb"\r\nconnection:[ \t]*close", re.IGNORECASE)
_EVENT_ID = re.compile(rb"^id: (\d+)$", re.MULTILINE)


class Expected(Exception):
    """An answer the protocol expects under contention (404, 409, 412)."""


class Failed(Exception):
    """Any other answer: an error of the run."""


def _json(body: Any) -> bytes:
    return pydantic_core.to_json(body)


class Reply:
    __slots__ = ("body", "head", "status")

    def __init__(self, status: int, head: bytes, body: bytes) -> None:
        self.status, self.head, self.body = status, head, body

    def version(self) -> int:
        match = _ETAG.search(self.head)
        if match is None:
            raise Failed("no ETag on a versioned record")
        return int(match.group(1))


class _Wire(asyncio.Protocol):
    """The socket side of a Connection: bytes in, whole replies out, without a StreamReader
    (no task wake-up per read); an event stream's `id:` lines are counted as they arrive."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.waiter: asyncio.Future[Reply] | None = None
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.stream_seen: Any = None  # set for an event stream: called with each id batch
        self.stream_head: bytes | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("the server closed the connection"))

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.stream_seen is not None:
            self._feed_stream()
        elif self.waiter is not None and not self.waiter.done():
            reply = self._parse()
            if reply is not None:
                self.waiter.set_result(reply)

    def _parse(self) -> Reply | None:
        buffer = self.buffer
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(buffer[:end + 2])
        length = _LENGTH.search(head)
        start = end + 4
        if length is not None:
            stop = start + int(length.group(1))
            if len(buffer) < stop:
                return None
            body = bytes(buffer[start:stop])
        elif _CHUNKED.search(head):
            parts, pos = [], start
            while True:
                eol = buffer.find(b"\r\n", pos)
                if eol < 0:
                    return None
                size = int(bytes(buffer[pos:eol]).split(b";")[0], 16)
                if len(buffer) < eol + 2 + size + 2:
                    return None
                parts.append(bytes(buffer[eol + 2:eol + 2 + size]))
                pos = eol + 2 + size + 2
                if size == 0:
                    break
            body, stop = b"".join(parts), pos
        else:
            body, stop = b"", start
        del buffer[:stop]
        return Reply(int(head[9:12]), head, body)

    def _feed_stream(self) -> None:
        buffer = self.buffer
        if self.stream_head is None:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            self.stream_head = bytes(buffer[:end + 2])
            del buffer[:end + 4]
            if int(self.stream_head[9:12]) != 200 and self.transport is not None:
                self.transport.close()
                return
        cut = buffer.rfind(b"\n") + 1
        if cut:
            ids = _EVENT_ID.findall(buffer, 0, cut)
            del buffer[:cut]
            if ids:
                self.stream_seen(ids)


class Connection:
    """One keep-alive HTTP/1.1 connection; requests on it go one at a time, like a console's."""

    def __init__(self, url: str, token: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = (f"Host: {self.host}:{self.port}\r\nAccept: application/json\r\n"
                       f"User-Agent: centralino-console\r\nAuthorization: Bearer {token}\r\n"
                       ).encode()
        self.wire: _Wire | None = None

    async def _connect(self) -> _Wire:
        if self.wire is None or self.wire.closed:
            loop = asyncio.get_running_loop()
            _transport, self.wire = await loop.create_connection(_Wire, self.host, self.port)
        return self.wire

    async def close(self) -> None:
        if self.wire is not None and self.wire.transport is not None:
            self.wire.transport.close()
        self.wire = None

    async def request(self, method: str, target: str, body: bytes | None = None,
                      headers: bytes = b"") -> Reply:
        """Send one request; the reply, or Expected / Failed by its status."""
        head = b"%s %s HTTP/1.1\r\n%s%s" % (method.encode(), target.encode(), self.prefix,
                                              headers)
        if body is not None:
            head += b"Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        try:
            wire = await self._connect()
            wire.waiter = asyncio.get_running_loop().create_future()
            assert wire.transport is not None
            wire.transport.write(head + b"\r\n" + (body or b""))
            reply = await wire.waiter
        except (OSError, ValueError) as exc:
            await self.close()
            raise Failed(f"{method} {target}: {type(exc).__name__} {exc}") from None
        if _CLOSE.search(reply.head):
            await self.close()
        if 200 <= reply.status < 300:
            return reply
        if reply.status in EXPECTED_STATUSES:
            raise Expected(reply.status)
        raise Failed(f"{method} {target.split('?')[0]}: {reply.status} {reply.body[:120]!r}")


def _key() -> bytes:
    return b"Idempotency-Key: %s\r\n" % uuid.uuid4().hex.encode()


class LeanClient:
    """One operator's console, as raw HTTP: the requests `HttpBackend` would send."""

    def __init__(self, url: str, token: str, name: str) -> None:
        self.url, self.token, self.name = url, token, name
        self.conn = Connection(url, token)
        # constant per operator: serialised once, as HttpBackend would serialise it each time
        self._note = _json(TicketEntryDraft(body="Called back", author=name))
        self._claim = _json({"operator": name})

    async def open(self) -> None:
        await self.conn.request("GET", "/v1/meta")  # HttpBackend.open() asks for it too

    async def close(self) -> None:
        await self.conn.close()

    async def search_customers(self, query: str, limit: int) -> None:
        await self.conn.request("POST", "/v1/customers/search",
                                _json({"q": query, "limit": limit}))  # a read: no key

    async def get_customer(self, customer_id: int) -> int:
        """The customer's version (its ETag)."""
        return (await self.conn.request("GET", f"/v1/customers/{customer_id}")).version()

    async def update_customer(self, customer_id: int, version: int, tags: list[str]) -> None:
        changes = CustomerChanges(tags=tags).model_dump(mode="json", exclude_unset=True)
        await self.conn.request("PATCH", f"/v1/customers/{customer_id}", _json(changes),
                                b'If-Match: "%d"\r\n' % version + _key())

    async def list_tickets(self, customer_id: int, limit: int) -> None:
        await self.conn.request("GET", f"/v1/tickets?customer_id={customer_id}&limit={limit}")

    async def get_ticket(self, ticket_id: int) -> int:
        """The ticket's version (its ETag)."""
        return (await self.conn.request("GET", f"/v1/tickets/{ticket_id}")).version()

    async def list_ticket_entries(self, ticket_id: int) -> None:
        await self.conn.request("GET", f"/v1/tickets/{ticket_id}/entries")

    async def update_ticket(self, ticket_id: int, version: int, priority: str) -> None:
        changes = TicketChanges(priority=priority).model_dump(mode="json", exclude_unset=True)
        await self.conn.request("PATCH", f"/v1/tickets/{ticket_id}", _json(changes),
                                b'If-Match: "%d"\r\n' % version + _key())

    async def add_ticket_entry(self, ticket_id: int) -> None:
        await self.conn.request("POST", f"/v1/tickets/{ticket_id}/entries", self._note, _key())

    async def claim_next(self) -> int:
        """The claimed call's id."""
        reply = await self.conn.request("POST", "/v1/queue/claim", self._claim, _key())
        return int(pydantic_core.from_json(reply.body)["id"])

    async def set_call_state(self, call_id: int, state: CallState,
                             disposition: str | None = None) -> None:
        body = {"state": state.value, "operator": self.name, "disposition": disposition}
        await self.conn.request("POST", f"/v1/calls/{call_id}/state", _json(body), _key())

    async def list_directory(self, query: str) -> None:
        target = f"/v1/directory?q={quote(query, safe='')}" if query else "/v1/directory"
        await self.conn.request("GET", target)

    async def create_call(self, caller: str) -> None:
        await self.conn.request("POST", "/v1/calls", _json(CallDraft(caller=caller)), _key())

    async def follow(self, until: float, on_events: Any) -> None:
        """The SSE feed from now on, on its own connection, until `until` (monotonic), resuming
        with Last-Event-ID after a break; `on_events(n)` for every n events received."""
        conn = Connection(self.url, self.token)
        reply = await conn.request("GET", "/v1/events/last")  # as HttpBackend.events() does
        position = int(pydantic_core.from_json(reply.body)["id"])

        wrong: list[str] = []

        def seen(ids: list[bytes]) -> None:  # runs in data_received: record, never raise
            nonlocal position
            last = int(ids[-1])
            if int(ids[0]) <= position:
                wrong.append(f"event ids went back: {int(ids[0])} after {position}")
            position = last
            on_events(len(ids))

        accept = conn.prefix.replace(b"Accept: application/json\r\n", b"")
        try:
            while (left := until - time.monotonic()) > 0:
                wire = await conn._connect()
                wire.stream_seen, wire.stream_head = seen, None
                assert wire.transport is not None
                wire.transport.write(b"GET /v1/events HTTP/1.1\r\n%sAccept: text/event-stream"
                                     b"\r\nLast-Event-ID: %d\r\n\r\n" % (accept, position))
                while not wire.closed and (left := until - time.monotonic()) > 0:
                    await asyncio.sleep(min(left, 0.5))  # the protocol counts; nothing to do
                if wire.stream_head is not None and int(wire.stream_head[9:12]) != 200:
                    raise Failed(f"event stream: {wire.stream_head[:40]!r}")
                if wrong:
                    raise Failed(wrong[0])
        finally:
            await conn.close()


class HttpxClient:
    """One operator's console through the real HttpBackend (httpx, pydantic validation)."""

    def __init__(self, url: str, token: str, name: str) -> None:
        from backends.http import HttpBackend

        self.name = name
        self.backend = HttpBackend(url, token=token, timeout=10.0)

    async def open(self) -> None:
        await self.backend.open()

    async def close(self) -> None:
        await self.backend.close()

    async def _run(self, work: Any) -> Any:
        from backends.errors import Conflict, NotFound

        try:
            return await work
        except (Conflict, NotFound) as exc:
            raise Expected(str(exc)) from None
        except Exception as exc:
            raise Failed(f"{type(exc).__name__}: {exc}") from None

    async def search_customers(self, query: str, limit: int) -> None:
        await self._run(self.backend.customers.search_customers(query, limit))

    async def get_customer(self, customer_id: int) -> int:
        return (await self._run(self.backend.customers.get_customer(customer_id))).version

    async def update_customer(self, customer_id: int, version: int, tags: list[str]) -> None:
        await self._run(self.backend.customers.update_customer(customer_id, version,
                                                     CustomerChanges(tags=tags)))

    async def list_tickets(self, customer_id: int, limit: int) -> None:
        await self._run(self.backend.tickets.list_tickets(customer_id=customer_id, limit=limit))

    async def get_ticket(self, ticket_id: int) -> int:
        return (await self._run(self.backend.tickets.get_ticket(ticket_id))).version

    async def list_ticket_entries(self, ticket_id: int) -> None:
        await self._run(self.backend.tickets.list_ticket_entries(ticket_id))

    async def update_ticket(self, ticket_id: int, version: int, priority: str) -> None:
        await self._run(self.backend.tickets.update_ticket(ticket_id, version,
                                                   TicketChanges(priority=priority)))

    async def add_ticket_entry(self, ticket_id: int) -> None:
        await self._run(self.backend.tickets.add_ticket_entry(
            ticket_id, TicketEntryDraft(body="Called back", author=self.name)))

    async def claim_next(self) -> int:
        return (await self._run(self.backend.calls.claim_call(None, self.name))).id

    async def set_call_state(self, call_id: int, state: CallState,
                             disposition: str | None = None) -> None:
        await self._run(self.backend.calls.set_call_state(call_id, state, operator=self.name,
                                                    disposition=disposition))

    async def list_directory(self, query: str) -> None:
        await self._run(self.backend.people.list_directory(query))

    async def create_call(self, caller: str) -> None:
        await self._run(self.backend.calls.create_call(CallDraft(caller=caller)))

    async def follow(self, until: float, on_events: Any) -> None:
        feed = self.backend.feed.events()
        try:
            while (left := until - time.monotonic()) > 0:
                try:
                    await asyncio.wait_for(anext(feed), max(0.01, left))
                except TimeoutError:
                    break
                on_events(1)
        finally:
            await feed.aclose()  # type: ignore[attr-defined]


CLIENTS = {"lean": LeanClient, "httpx": HttpxClient}
