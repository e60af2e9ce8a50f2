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
import contextlib
import re
import time
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

import pydantic_core

from backends.models import CallDraft, CallState, TicketChanges, TicketEntryDraft

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


class Connection:
    """One keep-alive HTTP/1.1 connection; requests on it go one at a time, like a console's."""

    def __init__(self, url: str, token: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = (f"Host: {self.host}:{self.port}\r\nAccept: application/json\r\n"
                       f"User-Agent: centralino-console\r\nAuthorization: Bearer {token}\r\n"
                       ).encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self.reader, self.writer

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, method: str, target: str, body: bytes | None = None,
                      headers: bytes = b"") -> Reply:
        """Send one request; the reply, or Expected / Failed by its status."""
        head = b"%s %s HTTP/1.1\r\n%s%s" % (method.encode(), target.encode(), self.prefix,
                                              headers)
        if body is not None:
            head += b"Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        try:
            reader, writer = await self._connect()
            writer.write(head + b"\r\n" + (body or b""))
            reply = await self._read(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            await self.close()
            raise Failed(f"{method} {target}: {type(exc).__name__} {exc}") from None
        if _CLOSE.search(reply.head):
            await self.close()
        if 200 <= reply.status < 300:
            return reply
        if reply.status in EXPECTED_STATUSES:
            raise Expected(reply.status)
        raise Failed(f"{method} {target.split('?')[0]}: {reply.status} {reply.body[:120]!r}")

    async def _read(self, reader: asyncio.StreamReader) -> Reply:
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = _LENGTH.search(head)
        if length is not None:
            body = await reader.readexactly(int(length.group(1)))
        elif _CHUNKED.search(head):
            parts = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append((await reader.readexactly(size + 2))[:-2])
            await reader.readuntil(b"\r\n")
            body = b"".join(parts)
        else:
            body = b""
        return Reply(status, head, body)


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

    async def get_customer(self, customer_id: int) -> None:
        await self.conn.request("GET", f"/v1/customers/{customer_id}")

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
        position: int | None = None
        while time.monotonic() < until:
            conn = Connection(self.url, self.token)
            try:
                if position is None:  # like HttpBackend.events(): ask where the feed is
                    reply = await conn.request("GET", "/v1/events/last")
                    position = int(pydantic_core.from_json(reply.body)["id"])
                reader, writer = await conn._connect()
                writer.write(b"GET /v1/events HTTP/1.1\r\n%sAccept: text/event-stream\r\n"
                             b"Last-Event-ID: %d\r\n\r\n" % (
                                 conn.prefix.replace(b"Accept: application/json\r\n", b""),
                                 position))
                head = await reader.readuntil(b"\r\n\r\n")
                if int(head[9:12]) != 200:
                    raise Failed(f"event stream: {head[:40]!r}")
                position = await self._read_feed(reader, position, until, on_events)
            finally:
                await conn.close()

    @staticmethod
    async def _read_feed(reader: asyncio.StreamReader, position: int, until: float,
                         on_events: Any) -> int:
        tail = b""
        while (left := until - time.monotonic()) > 0:
            try:
                data = await asyncio.wait_for(reader.read(65536), left)
            except TimeoutError:
                break
            if not data:
                break  # the server ended the stream (a slow consumer): reconnect
            data = tail + data
            cut = data.rfind(b"\n") + 1
            tail = data[cut:]
            ids = _EVENT_ID.findall(data, 0, cut)
            if ids:
                last = int(ids[-1])
                if last <= position:
                    raise Failed(f"event ids went back: {last} after {position}")
                position = last
                on_events(len(ids))
        return position


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
        await self._run(self.backend.search_customers(query, limit))

    async def get_customer(self, customer_id: int) -> None:
        await self._run(self.backend.get_customer(customer_id))

    async def list_tickets(self, customer_id: int, limit: int) -> None:
        await self._run(self.backend.list_tickets(customer_id=customer_id, limit=limit))

    async def get_ticket(self, ticket_id: int) -> int:
        return (await self._run(self.backend.get_ticket(ticket_id))).version

    async def list_ticket_entries(self, ticket_id: int) -> None:
        await self._run(self.backend.list_ticket_entries(ticket_id))

    async def update_ticket(self, ticket_id: int, version: int, priority: str) -> None:
        await self._run(self.backend.update_ticket(ticket_id, version,
                                                   TicketChanges(priority=priority)))

    async def add_ticket_entry(self, ticket_id: int) -> None:
        await self._run(self.backend.add_ticket_entry(
            ticket_id, TicketEntryDraft(body="Called back", author=self.name)))

    async def claim_next(self) -> int:
        return (await self._run(self.backend.claim_call(None, self.name))).id

    async def set_call_state(self, call_id: int, state: CallState,
                             disposition: str | None = None) -> None:
        await self._run(self.backend.set_call_state(call_id, state, operator=self.name,
                                                    disposition=disposition))

    async def list_directory(self, query: str) -> None:
        await self._run(self.backend.list_directory(query))

    async def create_call(self, caller: str) -> None:
        await self._run(self.backend.create_call(CallDraft(caller=caller)))

    async def follow(self, until: float, on_events: Any) -> None:
        feed = self.backend.events()
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
