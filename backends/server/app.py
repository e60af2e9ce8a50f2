"""The ASGI application: any Backend exposed over HTTP with auth, idempotency and SSE.

One router per domain (`routes_<domain>.py`, named in backends/domain_registry.py) over the
shared wire contract (backends/wire), then the server's own; see docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.types import ASGIApp

from backends import phones
from backends.domain_registry import load, registered
from backends.protocol import Backend
from backends.server import errors, route_index, routes_server
from backends.server.context import ServerConfig, ServerContext
from backends.server.fast_reads import FastReads
from backends.server.middleware import AccessLog, BodyLimit
from backends.wire.core import MAX_BODY_BYTES


def routers() -> list[APIRouter]:
    """One router per registered domain, then the server's own; this is the OpenAPI order."""
    return [*(load(parts.router) for parts in registered()),
            routes_server.router, routes_server.health]


async def open_context(make_backend: Callable[[], Backend],
                       config: ServerConfig) -> ServerContext:
    """Create and open the backend, then the server's own stores and the event hub."""
    backend = make_backend()
    await backend.open()
    try:
        ctx = ServerContext(backend, config)
        await ctx.start()
    except BaseException:
        await backend.close()
        raise
    return ctx


async def close_context(ctx: ServerContext) -> None:
    try:
        await ctx.stop()
    finally:
        await ctx.backend.close()


# the collector's thresholds while serving: Python's (700, 10, 10) ran a young collection
# every few requests (1,100 in 15 s of the load mix per process); most of what a request makes
# is freed by reference counting long before 20,000 allocations are reached
SERVING_GC_THRESHOLDS = (20_000, 20, 50)


def settle_heap() -> None:
    """What starting made (modules, routes, validators and schemas: most of the heap) lives as
    long as the server: out of the garbage collector's sight, so a full collection walks only
    what requests made since. Under the load mix full collections took 130 ms each, nine
    times in 15 s per process, every request of the process stopped meanwhile; with the
    heap frozen and these thresholds, none in 15 s (bench/gc_pauses.py)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVING_GC_THRESHOLDS)


class CentralinoApi(FastAPI):
    """FastAPI with the access log, the body limit and the fast reads outside its own stack:
    a request the fast path answers (fast_reads.py) is logged and bounded like any other but
    pays for none of FastAPI's middleware layers."""

    max_body: int = MAX_BODY_BYTES

    def build_middleware_stack(self) -> ASGIApp:
        self.fast_reads = FastReads(super().build_middleware_stack(), self)
        return AccessLog(BodyLimit(self.fast_reads, max_body=self.max_body))


def build_app(max_body: int, lifespan: Callable[[FastAPI], contextlib.AbstractAsyncContextManager[
        None]] | None = None) -> FastAPI:
    """The routes and middleware; `app.state.ctx` must hold a started ServerContext."""
    # FastAPI's OpenTelemetry hooks stay off: they would record validation errors and exception
    # messages (personal data) wherever an OTel exporter happens to be configured, and even
    # unconfigured they cost a check per request. Our access log is the one request record.
    extra: dict[str, Any] = {}
    if "telemetry" in inspect.signature(FastAPI.__init__).parameters:  # FastAPI >= 0.16x
        extra["telemetry"] = {"tracing": False, "metrics": False, "logs": False,
                              "operation_spans": False, "auto_configure": False}
    app = CentralinoApi(title="Centralino", version="1", lifespan=lifespan, **extra,
                        description="The Centralino backend protocol over HTTP. Authenticate "
                                    "with `Authorization: Bearer <token>`; see the README.")
    app.max_body = max_body
    for router in routers():
        _add_routes(app, router)
    errors.install(app)
    route_index.install(app)
    return app


def _add_routes(app: FastAPI, router: APIRouter) -> None:
    """The router's routes on the app itself, rather than `include_router`: FastAPI (0.16x)
    keeps an included router as a unit and matches through it twice per request, walking
    every route of every router with bookkeeping for each (measured: about half of the
    framework's time per request). The routes already carry their prefix, tags and responses
    (APIRouter applies them when a route is declared), so the app and its OpenAPI document
    are the same."""
    app.router.routes.extend(router.routes)
    app.router._mark_routes_changed()


def create_app(make_backend: Callable[[], Backend], config: ServerConfig) -> FastAPI:
    """The app; the backend is created and opened at start-up and closed at shutdown."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        phones.load_now()  # before the first request, not inside one
        app.state.ctx = await open_context(make_backend, config)
        settle_heap()
        try:
            yield
        finally:
            await close_context(app.state.ctx)

    return build_app(config.max_body, lifespan)
