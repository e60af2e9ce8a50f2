"""The change feed (JSON pages and server-sent events), server meta, health, admin tools."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import traceback
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from backends.errors import BackendError, Invalid, Unavailable
from backends.i18n import _
from backends.models import Event
from backends.server.deps import backend, bearer_token, caller, context, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.events import HEARTBEAT_FRAME, RETRY_FRAME
from backends.server.policy import Unauthenticated
from backends.wire.feed import LastEventId
from backends.wire.meta import BulkResult, Meta

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)
health = APIRouter(tags=["health"])

log = logging.getLogger("centralino.server")

BULK_TABLES = frozenset({"customers", "tickets", "ticket_entries", "calls", "operators",
                         "directory", "dispositions", "transfers"})


@router.get("/events", response_model=list[Event], tags=["events"],
            responses={200: {"content": {"text/event-stream": {}}}})
async def events(request: Request, who: caller("events"),
                 after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 500,
                 last_event_id: Annotated[str | None, Header(max_length=20)] = None,
                 ) -> Response:
    """A page of events with id > `after` as JSON; with `Accept: text/event-stream`, a live
    stream from `Last-Event-ID` (or `after`, or now) with `id:` lines and keep-alives."""
    if "text/event-stream" not in request.headers.get("accept", ""):
        return respond(await backend(request).read_events(after or 0, limit))
    start = after
    if last_event_id is not None:
        if not last_event_id.strip().isdigit():
            raise Invalid("Last-Event-ID", _("must be an event id (a whole number)"))
        start = int(last_event_id)
    ctx = context(request)
    if start is None:
        start = await ctx.backend.last_event_id()
    token = bearer_token(request.headers.get("authorization"))
    first = await ctx.confirm(token, who)  # pins the token generation the stream checks
    if first is None:  # revoked or changed since the guard looked, a moment ago
        raise Unauthenticated(_("this token was revoked, expired or changed role; "
                                "sign in again"))
    loop = asyncio.get_running_loop()
    deadline = _loop_deadline(loop, first.expires_at)

    async def frames() -> AsyncIterator[bytes]:
        standing = first
        yield RETRY_FRAME
        sent = start
        try:
            async with contextlib.aclosing(
                    ctx.hub.stream(start, ctx.config.heartbeat, deadline)) as batches:
                async for batch in batches:
                    # before anything is sent: does the token still stand for `who`?
                    if ctx.hub.auth_generation != standing.generation or loop.time() >= deadline:
                        confirmed = await ctx.confirm(token, who)
                        if confirmed is None:
                            log.info("event stream of token %s ended after event %d: revoked, "
                                     "expired or role changed", who.token_id, sent)
                            return
                        standing = confirmed
                    if batch:
                        sent = batch[-1].id
                        yield b"".join(map(ctx.hub.frame, batch))
                    else:
                        yield HEARTBEAT_FRAME
        except Exception as exc:  # the client disconnecting is a BaseException, not caught
            _stream_failed(exc, sent)
        # the stream just ends: the client reconnects with Last-Event-ID and resumes from `sent`

    return StreamingResponse(frames(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _loop_deadline(loop: asyncio.AbstractEventLoop, expires_at: datetime | None) -> float:
    """The loop time at which a token expiring at `expires_at` stops being good."""
    if expires_at is None:
        return math.inf
    return loop.time() + max(0.0, (expires_at - datetime.now(UTC)).total_seconds())


def _stream_failed(exc: Exception, sent: int) -> None:
    """Log why an event stream ended: the kind of error and the last event id sent, never the
    exception's message (it may quote a stored payload, a name or a phone number)."""
    if isinstance(exc, BackendError):
        log.warning("event stream ended after event %d: %s (%s)", sent, exc.code,
                    type(exc).__name__)
        return
    where = "".join(traceback.format_tb(exc.__traceback__))
    log.error("event stream ended after event %d by %s\n%s", sent, type(exc).__name__, where)


@router.get("/events/last", response_model=LastEventId, tags=["events"])
async def last_event(request: Request, who: caller("events")) -> Response:
    return respond(LastEventId(id=await backend(request).last_event_id()))


@router.get("/meta", response_model=Meta, tags=["health"])
async def meta(request: Request, who: caller("read")) -> Response:
    store = backend(request)
    return respond(Meta(backend=store.name, capabilities=sorted(store.capabilities),
                        operator=who.operator, role=who.role.value))


@router.post("/bulk/{table}", response_model=BulkResult, tags=["admin"])
async def bulk_load(table: Annotated[str, Path(max_length=40)],
                    rows: Annotated[list[dict[str, Any]], Body()],
                    request: Request, who: caller("admin")) -> Response:
    if table not in BULK_TABLES:
        raise Invalid("table", _("no bulk load into '{table}'").format(table=table))
    store = backend(request)
    if "bulk" not in store.capabilities:
        raise Unavailable(_("the {name} backend has no bulk load").format(name=store.name))
    count = await store.bulk_load(table, rows)
    context(request).hub.poke()
    return respond(BulkResult(count=count))


@router.get("/integrity", response_model=list[str], tags=["admin"])
async def integrity(request: Request, who: caller("admin")) -> Response:
    return respond(await backend(request).integrity_check())


@health.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive (no backend call, no token)."""
    return {"status": "ok"}


@health.get("/readyz", responses={503: {"description": "the backend does not answer"}})
async def readyz(request: Request) -> Response:
    """The backend answers a query and its file can be written (no token needed, nothing
    personal returned)."""
    try:
        await backend(request).last_event_id()
    except Exception as exc:  # any failure means not ready; the kind goes to the server log
        log.warning("not ready: %s", type(exc).__name__)
        return Response(b'{"status":"unavailable"}', 503, media_type="application/json")
    if not _writable(context(request).config.auth_db):
        log.warning("not ready: the database or its folder is read-only")
        return Response(b'{"status":"read-only"}', 503, media_type="application/json")
    return Response(b'{"status":"ok"}', 200, media_type="application/json")


def _writable(db_path: os.PathLike[str]) -> bool:
    """Whether this process may write the database and its folder (two system calls: every
    write would fail with 503 otherwise, yet reads, and so the query above, still work)."""
    return (os.access(db_path, os.R_OK | os.W_OK)
            and os.access(os.path.dirname(os.path.abspath(db_path)), os.W_OK | os.X_OK))
