"""The hottest reads answered without FastAPI's machinery; everything else goes through it.

Type-ahead searches and the reads behind a screen pop are nine requests in ten a console
makes. Through FastAPI's middleware, routing, dependency solving and Response objects a read
of one customer cost 480 us of CPU of which the store and the token check took 100 (measured
in-process); on the 2-core server that machinery was the largest single share of a worker.

Here such a request is matched by method and path shape, checked the way its FastAPI route
checks it (token, role, the same pydantic request model, the same id bounds) and answered
with the same body and headers. Anything this path does not settle exactly as FastAPI would
(a malformed id or body, an unknown token, a missing record, an unexpected error) is handed
to FastAPI untouched, which answers it as it always has: these are reads, so running one
again there changes nothing (a 404 or 503 costs its read twice; they are rare). The routes,
their OpenAPI document and every write stay FastAPI's. tests/http/test_fast_reads.py
compares both answers request by request.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backends.protocol import Backend
from backends.server.answer_cache import AnswerCache, KeepsGenerations
from backends.server.deps import bearer_token, dump
from backends.server.params import MAX_ID
from backends.server.ranked_ids import RankedIds
from backends.server.routes_people import DIRECTORY_QUERY_MAX
from backends.server.routes_tickets import TICKETS_LIMIT
from backends.wire.core import MAX_LIMIT, etag
from backends.wire.search import SearchRequest

Answer = Callable[[Backend, "Match"], Awaitable[Any]]
A = TypeVar("A")
B = TypeVar("B")
_ID = re.compile(r"[0-9]{1,19}")


class Match:
    """What the path and query of a request say; `None` fields were not in it."""

    __slots__ = ("body", "number", "query")

    def __init__(self, number: int | None = None, query: dict[str, str] | None = None,
                 body: bytes = b"") -> None:
        self.number, self.query, self.body = number, query or {}, body

    @property
    def record_id(self) -> int:
        """The id in the path, for the answers whose path has one."""
        if self.number is None:
            raise LookupError("this request names no record")  # FastAPI answers it
        return self.number


def _id(segment: str) -> int | None:
    """A path id as FastAPI's `Id` accepts it, or None for anything else (FastAPI answers)."""
    if not _ID.fullmatch(segment):
        return None
    number = int(segment)
    return number if 1 <= number <= MAX_ID else None


def _plain_query(scope: Scope, allowed: frozenset[str]) -> dict[str, str] | None:
    """The query string as single values of allowed keys; None if it holds anything else."""
    raw = scope.get("query_string", b"")
    if not raw:
        return {}
    try:
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    found: dict[str, str] = {}
    for key, value in pairs:
        if key not in allowed or key in found:
            return None
        found[key] = value
    return found


async def _customer(backend: Backend, m: Match) -> Any:
    return await backend.customers.get_customer(m.record_id)


async def _ticket(backend: Backend, m: Match) -> Any:
    return await backend.tickets.get_ticket(m.record_id)


async def _entries(backend: Backend, m: Match) -> Any:
    return await backend.tickets.list_ticket_entries(m.record_id)


async def _search(backend: Backend, m: Match) -> Any:
    request = SearchRequest.model_validate_json(m.body)
    return await backend.customers.search_customers(request.q, request.limit)


async def _tickets_of(backend: Backend, m: Match) -> Any:
    customer_id = _id(m.query["customer_id"]) if "customer_id" in m.query else None
    limit = int(m.query.get("limit", TICKETS_LIMIT))
    return await backend.tickets.list_tickets(customer_id=customer_id, statuses=None,
                                              assignee=None, limit=limit)


async def _directory(backend: Backend, m: Match) -> Any:
    return await backend.people.list_directory(m.query.get("q", ""))


# Answers that depend only on one generation's tables and not on who asks, by the generation
# (backends/server/answer_cache.py); keyed by the route and the request's body and query.
CACHED_BY: dict[Answer, str] = {_search: "customers", _directory: "directory"}


def _tickets_query(scope: Scope) -> dict[str, str] | None:
    query = _plain_query(scope, frozenset({"customer_id", "limit"}))
    if query is None:
        return None
    if "customer_id" in query and _id(query["customer_id"]) is None:
        return None
    limit = query.get("limit", str(TICKETS_LIMIT))
    if not _ID.fullmatch(limit) or not 1 <= int(limit) <= MAX_LIMIT:
        return None
    return query


def _directory_query(scope: Scope) -> dict[str, str] | None:
    query = _plain_query(scope, frozenset({"q"}))
    if query is None or len(query.get("q", "")) > DIRECTORY_QUERY_MAX:
        return None
    return query


class FastReads:
    """ASGI app in front of FastAPI's own stack (`app` holds the started ServerContext)."""

    def __init__(self, inner: ASGIApp, app: Any) -> None:
        self.inner = inner
        self.app = app
        self.enabled = True  # tests compare answers with it off
        self.answered = 0  # requests this path answered itself (tests)
        self.cache = AnswerCache()
        self.ranked = RankedIds()  # searches' ids, kept longer than their answers
        self._cache_owner: Any = None  # the ServerContext whose answers the cache holds
        self._generations: KeepsGenerations | None = None  # its backend, when it keeps them
        self._routes: dict[tuple[str, str], BaseRoute] = {
            (method, getattr(route, "path", "")): route
            for route in app.router.routes for method in getattr(route, "methods", None) or ()}

    def _match(self, scope: Scope) -> tuple[Answer, Match, str] | None:
        """The answer, what the request says and the route template; None: FastAPI's."""
        method, path = scope["method"], scope["path"]
        parts = path.split("/")
        if len(parts) < 3 or parts[1] != "v1":
            return None
        if method == "GET":
            if len(parts) == 4 and parts[2] == "customers":
                number = _id(parts[3])
                return None if number is None else (
                    _customer, Match(number), "/v1/customers/{customer_id}")
            if len(parts) == 4 and parts[2] == "tickets":
                number = _id(parts[3])
                return None if number is None else (
                    _ticket, Match(number), "/v1/tickets/{ticket_id}")
            if len(parts) == 5 and parts[2] == "tickets" and parts[4] == "entries":
                number = _id(parts[3])
                return None if number is None else (
                    _entries, Match(number), "/v1/tickets/{ticket_id}/entries")
            if path == "/v1/tickets":
                query = _tickets_query(scope)
                return None if query is None else (_tickets_of, Match(query=query), path)
            if path == "/v1/directory":
                query = _directory_query(scope)
                return None if query is None else (_directory, Match(query=query), path)
        elif method == "POST" and path == "/v1/customers/search" and _json_body(scope):
            return _search, Match(), path
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = None
        # a root_path (a mount below a prefix) changes what the routes match: FastAPI's
        if self.enabled and scope["type"] == "http" and not scope.get("root_path"):
            found = self._match(scope)
        if found is None:
            await self.inner(scope, receive, send)
            return
        answer, match, template = found
        # the route FastAPI would have matched, for the access log (FastAPI sets it anew
        # when it answers instead)
        route = self._routes.get((scope["method"], template))
        if route is not None:
            scope["route"] = route
        body_messages: list[Message] = []
        if scope["method"] == "POST":
            match.body, body_messages = await _read_body(receive)
        if not await self._answer(scope, send, answer, match, template):
            await self.inner(scope, _replay(body_messages, receive), send)

    async def _answer(self, scope: Scope, send: Send, answer: Answer, match: Match,
                      template: str) -> bool:
        """Send the answer and return True, or send nothing and return False."""
        ctx = getattr(self.app.state, "ctx", None)
        token = bearer_token(_header(scope, b"authorization"))
        if ctx is None or token is None:
            return False
        if ctx is not self._cache_owner:  # the app started again, maybe on another file
            self.cache, self.ranked, self._cache_owner = AnswerCache(), RankedIds(), ctx
            backend = ctx.backend
            self._generations = backend if isinstance(backend, KeepsGenerations) else None
        try:
            if CACHED_BY.get(answer) is None and ctx.knows(token):
                # a known token: the read goes while its generation check is on its way (two
                # round trips at once, not one after the other); nothing is sent unless the
                # check confirms the token and its role may read
                who, (body, version) = await _both(ctx.identify(token), self._body(
                    ctx.backend, answer, match, template, None))
                who.check("read")
            else:
                # one read of the generations for both checks: the token's, the answer's
                fresh = await ctx.fresh()
                who = await ctx.identify(token, fresh)
                who.check("read")
                body, version = await self._body(ctx.backend, answer, match, template, fresh)
        except Exception:  # a read: FastAPI runs it again and answers the error its way
            return False
        headers = [(b"content-length", str(len(body)).encode()),
                   (b"content-type", b"application/json")]
        if version is not None:
            headers.insert(0, (b"etag", etag(version).encode()))
        scope.setdefault("state", {})["operator"] = who.operator  # as Guard does, for the log
        self.answered += 1
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True

    async def _body(self, backend: Backend, answer: Answer, match: Match, template: str,
                    fresh: KeepsGenerations | None) -> tuple[bytes, int | None]:
        """The answer's JSON and its record's version (for the ETag), from the cache if the
        answer may be kept and its tables have not changed since. `fresh`: the generations
        this request read after it began (PostgreSQL), else the backend's are read."""
        generation_name = CACHED_BY.get(answer)
        generations = fresh if fresh is not None and self._generations is not None else (
            self._generations)
        if generation_name is None or generations is None:
            result = await answer(backend, match)
            version = getattr(result, "version", None)
            return dump(result), version if isinstance(version, int) else None
        key = _cache_key(template, match)
        # read before the answer is built, so a change in between misses (answer_cache.py)
        generation = await generations.generation(generation_name)
        body = self.cache.get(key, generation)
        if body is None:
            if answer is _search:  # from its ranked ids when only records changed
                found = await self.ranked.search(key, generations, backend.customers,
                                                 lambda: _search(backend, match))
            else:
                found = await answer(backend, match)
            body = dump(found)  # lists: no version, no ETag
            self.cache.put(key, generation, body)
        return body, None


async def _both(first: Awaitable[A], second: Awaitable[B]) -> tuple[A, B]:
    """Both at once; an error is raised once both ended (neither is left running)."""
    a, b = await asyncio.gather(first, second, return_exceptions=True)
    if isinstance(a, BaseException):
        raise a
    if isinstance(b, BaseException):
        raise b
    return a, b


def _cache_key(template: str, match: Match) -> bytes:
    """A digest of what the request asks: a search body may be up to a megabyte, and the
    cache must not keep megabytes of keys for it."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(template.encode())
    for key, value in sorted(match.query.items()):
        digest.update(b"\0%s=%s" % (key.encode(), value.encode()))
    digest.update(b"\0\0" + match.body)
    return digest.digest()


def _json_body(scope: Scope) -> bool:
    """A body FastAPI reads as JSON: declared as such (others, or none, it refuses)."""
    kind = _header(scope, b"content-type")
    return kind is not None and kind.split(";", 1)[0].strip().lower() == "application/json"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


async def _read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    """The whole body (BodyLimit, outside, has bounded it) and the messages it came in."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that gives FastAPI the body already read, then the connection's own."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
