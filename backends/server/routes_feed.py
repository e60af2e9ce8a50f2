"""The change feed over HTTP: JSON pages of events, the newest id, and server-sent events.

One router per domain (docs/ARCHITECTURE.md); it talks to the backend's `feed`. A stream
ends when its token is revoked, expires or changes role (backends/server/events.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import traceback
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse

from backends.errors import BackendError, Invalid
from backends.feed.api import Feed
from backends.feed.models import Event
from backends.i18n import _
from backends.server.deps import backend, bearer_token, context, guard, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.events import HEARTBEAT_FRAME, RETRY_FRAME
from backends.server.policy import Identity, Unauthenticated
from backends.wire.feed import LastEventId

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["events"])
EventReader = Annotated[Identity, guard("events")]

log = logging.getLogger("centralino.server")


def feed(request: Request) -> Feed:
    return backend(request).feed


@router.get("/events", response_model=list[Event],
            responses={200: {"content": {"text/event-stream": {}}}})
async def events(request: Request, who: EventReader,
                 after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 500,
                 last_event_id: Annotated[str | None, Header(max_length=20)] = None,
                 ) -> Response:
    """A page of events with id > `after` as JSON; with `Accept: text/event-stream`, a live
    stream from `Last-Event-ID` (or `after`, or now) with `id:` lines and keep-alives."""
    if "text/event-stream" not in request.headers.get("accept", ""):
        return respond(await feed(request).read_events(after or 0, limit))
    start = after
    if last_event_id is not None:
        if not last_event_id.strip().isdigit():
            raise Invalid("Last-Event-ID", _("must be an event id (a whole number)"))
        start = int(last_event_id)
    ctx = context(request)
    if start is None:
        start = await ctx.backend.feed.last_event_id()
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


@router.get("/events/last", response_model=LastEventId)
async def last_event(request: Request, who: EventReader) -> Response:
    return respond(LastEventId(id=await feed(request).last_event_id()))
