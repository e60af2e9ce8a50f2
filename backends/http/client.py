"""HttpBackend: the Backend protocol spoken to `centralino serve` over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import quote

import httpx
import pydantic_core
from pydantic import BaseModel, TypeAdapter, ValidationError

from backends import phones
from backends.domains import DomainViews
from backends.errors import BackendError, Conflict, Forbidden, Unavailable
from backends.http.sse import Frame, parse_frames
from backends.http.transport import Transport, backoff
from backends.i18n import _
from backends.models import (
    Call,
    CallChanges,
    CallDraft,
    CallState,
    Customer,
    CustomerChanges,
    CustomerDraft,
    DirectoryEntry,
    Disposition,
    Event,
    Operator,
    Presence,
    Ticket,
    TicketChanges,
    TicketDraft,
    TicketEntry,
    TicketEntryDraft,
    TicketStatus,
    Transfer,
    TransferDraft,
    TransferStatus,
)
from backends.protocol import ALL_CAPABILITIES
from backends.wire.feed import LastEventId
from backends.wire.meta import Meta
from backends.wire.search import SEARCH_MAX

if TYPE_CHECKING:
    from backends.registry import BackendOptions

T = TypeVar("T")
BULK_CHUNK_BYTES = 512 * 1024
STREAM_READ_TIMEOUT = 60.0  # the server sends a keep-alive every 15 s; silence past this = dead


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _search_text(query: str) -> str:
    """The part of a search text any backend reads (its first 200 characters once stripped),
    within the server's bound on a search body."""
    return query.strip()[:SEARCH_MAX]


def _changes(model: BaseModel) -> dict[str, Any]:
    """Only the fields the caller set (an explicit None clears a field; unset ones stay)."""
    return model.model_dump(mode="json", exclude_unset=True)


class HttpBackend(DomainViews):
    """`HttpBackend("http://host:8765", token=…)`; `transport=` injects an httpx transport."""

    name: ClassVar[str] = "http"
    capabilities: frozenset[str] = ALL_CAPABILITIES  # narrowed to the server's on open()

    def __init__(self, url: str, token: str | None = None, *, timeout: float = 10.0,
                 retries: int = 3, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._retries = retries
        self._transport = transport
        self._http: Transport | None = None
        self._closed = False
        self.meta: Meta | None = None

    @classmethod
    def from_url(cls, url: str, options: BackendOptions) -> HttpBackend:
        return cls(url, token=options.token, timeout=options.timeout)

    def __repr__(self) -> str:
        return f"HttpBackend({self.url!r})"

    @property
    def online(self) -> bool:
        """False while the server cannot be reached (the console shows an offline banner)."""
        return self._http is not None and self._http.online

    # -- lifecycle -------------------------------------------------------------------------
    async def open(self) -> None:
        """Connect and learn the server's capabilities. A server that is down is not fatal
        (the backend starts offline and recovers); a refused token is."""
        if self._http is not None:
            return
        self._http = Transport(self.url, self._token, timeout=self._timeout,
                               retries=self._retries, transport=self._transport)
        try:
            self.meta = await self._get("/v1/meta", Meta)
            self.capabilities = frozenset(self.meta.capabilities)
        except Unavailable:
            pass

    async def close(self) -> None:
        self._closed = True
        if self._http is not None:
            await self._http.aclose()

    # -- plumbing --------------------------------------------------------------------------
    @property
    def _t(self) -> Transport:
        if self._http is None or self._closed:
            raise Unavailable(_("the http backend is not open"))
        return self._http

    def _decode(self, response: httpx.Response, kind: Any) -> Any:
        try:
            return _adapter(kind).validate_json(response.content)
        except ValidationError as exc:
            raise Unavailable(_("the server sent a reply this console cannot read ({why})")
                              .format(why=str(exc).splitlines()[0])) from None

    async def _call(self, method: str, path: str, kind: Any, *, body: Any = None,
                    params: Any = None, if_match: int | None = None,
                    write: bool | None = None) -> Any:
        try:
            response = await self._t.request(method, path, body=body, params=params,
                                             if_match=if_match, write=write)
        except Conflict as exc:
            if isinstance(exc.current, dict) and isinstance(kind, type):
                with contextlib.suppress(ValidationError):
                    exc.current = kind.model_validate(exc.current)
            raise
        return self._decode(response, kind)

    async def _get(self, path: str, kind: Any, params: Any = None) -> Any:
        return await self._call("GET", path, kind, params=params)

    # -- customers -------------------------------------------------------------------------
    async def create_customer(self, draft: CustomerDraft) -> Customer:
        return await self._call("POST", "/v1/customers", Customer, body=draft)

    async def get_customer(self, customer_id: int) -> Customer:
        return await self._get(f"/v1/customers/{int(customer_id)}", Customer)

    async def get_customer_by_code(self, code: str) -> Customer:
        return await self._get(f"/v1/customers/by-code/{_segment(code)}", Customer)

    async def update_customer(self, customer_id: int, version: int,
                              changes: CustomerChanges) -> Customer:
        return await self._call("PATCH", f"/v1/customers/{int(customer_id)}", Customer,
                                body=_changes(changes), if_match=version)

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        return await self._call("POST", "/v1/customers/search", list[Customer],
                                body={"q": _search_text(query), "limit": limit}, write=False)

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        # normalised here, with the console's region, so the server's region does not matter
        if len(number) > phones.MAX_INPUT_LENGTH:
            return []  # no number is that long (the server would refuse to look)
        normalised = phones.try_normalize(number) or number
        return await self._call("POST", "/v1/customers/by-phone", list[Customer],
                                body={"number": normalised}, write=False)

    # -- tickets ---------------------------------------------------------------------------
    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        return await self._call("POST", "/v1/tickets", Ticket, body=draft)

    async def get_ticket(self, ticket_id: int) -> Ticket:
        return await self._get(f"/v1/tickets/{int(ticket_id)}", Ticket)

    async def update_ticket(self, ticket_id: int, version: int, changes: TicketChanges) -> Ticket:
        return await self._call("PATCH", f"/v1/tickets/{int(ticket_id)}", Ticket,
                                body=_changes(changes), if_match=version)

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        return await self._call("POST", f"/v1/tickets/{int(ticket_id)}/escalate", Ticket,
                                body={"author": author, "reason": reason}, if_match=version)

    async def list_tickets(self, *, customer_id: int | None = None,
                           statuses: Sequence[TicketStatus] | None = None,
                           assignee: str | None = None, limit: int = 50) -> list[Ticket]:
        params = _params(customer_id=customer_id, assignee=assignee, limit=limit,
                         status=[TicketStatus(s).value for s in statuses or ()])
        return await self._get("/v1/tickets", list[Ticket], params)

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        return await self._call("POST", "/v1/tickets/search", list[Ticket],
                                body={"q": _search_text(query), "limit": limit}, write=False)

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
        return await self._call("POST", f"/v1/tickets/{int(ticket_id)}/entries", TicketEntry,
                                body=entry)

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        return await self._get(f"/v1/tickets/{int(ticket_id)}/entries", list[TicketEntry])

    # -- calls -----------------------------------------------------------------------------
    async def create_call(self, draft: CallDraft) -> Call:
        return await self._call("POST", "/v1/calls", Call, body=draft)

    async def get_call(self, call_id: int) -> Call:
        return await self._get(f"/v1/calls/{int(call_id)}", Call)

    async def list_calls(self, *, states: Sequence[CallState] | None = None,
                         customer_id: int | None = None, operator: str | None = None,
                         limit: int = 100) -> list[Call]:
        params = _params(customer_id=customer_id, operator=operator, limit=limit,
                         state=[CallState(s).value for s in states or ()])
        return await self._get("/v1/calls", list[Call], params)

    async def claim_call(self, call_id: int | None, operator: str) -> Call:
        path = "/v1/queue/claim" if call_id is None else f"/v1/calls/{int(call_id)}/claim"
        return await self._call("POST", path, Call, body={"operator": operator})

    async def set_call_state(self, call_id: int, state: CallState, *,
                             operator: str | None = None,
                             disposition: str | None = None) -> Call:
        body = {"state": CallState(state).value, "operator": operator,
                "disposition": disposition}
        return await self._call("POST", f"/v1/calls/{int(call_id)}/state", Call, body=body)

    async def update_call(self, call_id: int, version: int, changes: CallChanges) -> Call:
        return await self._call("PATCH", f"/v1/calls/{int(call_id)}", Call,
                                body=_changes(changes), if_match=version)

    # -- operators, presence, directory -----------------------------------------------------
    async def upsert_operator(self, operator: Operator) -> Operator:
        return await self._call("PUT", f"/v1/operators/{_segment(operator.name)}", Operator,
                                body=operator)

    async def get_operator(self, name: str) -> Operator:
        return await self._get(f"/v1/operators/{_segment(name)}", Operator)

    async def list_operators(self) -> list[Operator]:
        return await self._get("/v1/operators", list[Operator])

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None) -> Operator:
        return await self._call("PUT", f"/v1/operators/{_segment(name)}/presence", Operator,
                                body={"presence": Presence(presence).value, "reason": reason})

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        return await self._get("/v1/directory", list[DirectoryEntry], _params(q=query or None))

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry:
        return await self._call("POST", "/v1/directory", DirectoryEntry, body=entry)

    async def set_directory_presence(self, entry_id: int, presence: Presence) -> DirectoryEntry:
        return await self._call("PUT", f"/v1/directory/{int(entry_id)}/presence",
                                DirectoryEntry, body={"presence": Presence(presence).value})

    async def list_dispositions(self) -> list[Disposition]:
        return await self._get("/v1/dispositions", list[Disposition])

    async def upsert_disposition(self, disposition: Disposition) -> Disposition:
        return await self._call("PUT", f"/v1/dispositions/{_segment(disposition.code)}",
                                Disposition, body=disposition)

    # -- transfers -------------------------------------------------------------------------
    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        return await self._call("POST", "/v1/transfers", Transfer, body=draft)

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        return await self._call("POST", f"/v1/transfers/{int(transfer_id)}/response", Transfer,
                                body={"accept": bool(accept), "by": by})

    async def list_transfers(self, *, target: str | None = None,
                             status: TransferStatus | None = None, call_id: int | None = None,
                             limit: int = 50) -> list[Transfer]:
        params = _params(target=target, call_id=call_id, limit=limit,
                         status=TransferStatus(status).value if status else None)
        return await self._get("/v1/transfers", list[Transfer], params)

    # -- change feed -----------------------------------------------------------------------
    async def read_events(self, after_id: int = 0, limit: int = 500) -> list[Event]:
        limit = max(1, min(int(limit), 1000))
        return await self._get("/v1/events", list[Event],
                               {"after": max(0, int(after_id)), "limit": limit})

    async def last_event_id(self) -> int:
        return (await self._get("/v1/events/last", LastEventId)).id

    def events(self, after_id: int | None = None) -> AsyncIterator[Event]:
        return self._feed(after_id)

    async def _feed(self, after_id: int | None) -> AsyncIterator[Event]:
        """Server-sent events, reconnecting with Last-Event-ID (and backing off) after any
        break; ends when the backend is closed. A refused token ends it with Forbidden."""
        attempt = 0
        while after_id is None and not self._closed:
            try:
                after_id = await self.last_event_id()
            except Unavailable:
                await asyncio.sleep(backoff(attempt, cap=5.0))
                attempt += 1
        position = after_id or 0
        while not self._closed:
            try:
                async for frame in self._stream_once(position):
                    attempt = 0
                    position = frame.id or position  # a skipped frame moves it too
                    if frame.event is not None:
                        yield frame.event
            except Forbidden:
                raise
            except (httpx.HTTPError, BackendError, ValidationError) as exc:
                if self._closed:
                    return
                if self._http is not None and isinstance(exc, httpx.TransportError):
                    self._http.went_offline(type(exc).__name__)
            if self._closed:
                return
            await asyncio.sleep(backoff(attempt, cap=5.0))
            attempt += 1

    async def _stream_once(self, after_id: int) -> AsyncIterator[Frame]:
        """Frames with an id past `after_id` (the unreadable ones with event None)."""
        headers = {"Accept": "text/event-stream", "Last-Event-ID": str(after_id)}
        timeout = httpx.Timeout(self._timeout, read=STREAM_READ_TIMEOUT)
        async with self._t.client.stream("GET", "/v1/events", headers=headers,
                                         timeout=timeout) as response:
            if response.status_code != 200:
                await response.aread()
                raise self._t.error(response)
            self._t.came_back()
            async for frame in parse_frames(response.aiter_lines()):
                if frame.id is not None and frame.id > after_id:  # never repeat anything
                    after_id = frame.id
                    yield frame

    # -- bulk and maintenance --------------------------------------------------------------
    async def bulk_load(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Rows sent in chunks under the server's body limit; each chunk is its own request."""
        total, chunk, size = 0, [], 0
        for row in rows:
            data = pydantic_core.to_jsonable_python(row)
            chunk.append(data)
            size += len(pydantic_core.to_json(data)) + 1
            if size >= BULK_CHUNK_BYTES:
                total += await self._bulk_chunk(table, chunk)
                chunk, size = [], 0
        if chunk:
            total += await self._bulk_chunk(table, chunk)
        return total

    async def _bulk_chunk(self, table: str, rows: list[Any]) -> int:
        result = await self._call("POST", f"/v1/bulk/{_segment(table)}", dict[str, int],
                                  body=rows)
        return int(result["count"])

    async def integrity_check(self) -> list[str]:
        return await self._get("/v1/integrity", list[str])


def _segment(text: str) -> str:
    """A value made safe to put in a URL path (a name with '/' or '?' stays one segment)."""
    return quote(text, safe="")


def _params(**values: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list):
            out.extend((key, item) for item in value)
        else:
            out.append((key, value))
    return out
