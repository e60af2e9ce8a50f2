"""The ASGI application: any Backend exposed over HTTP with auth, idempotency and SSE."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

from fastapi import FastAPI

from backends.protocol import Backend
from backends.server import errors
from backends.server.context import ServerConfig, ServerContext
from backends.server.middleware import AccessLog, BodyLimit
from backends.server.routes_calls import router as calls_router
from backends.server.routes_feed import health
from backends.server.routes_feed import router as feed_router
from backends.server.routes_people import router as people_router
from backends.server.routes_records import router as records_router


def create_app(make_backend: Callable[[], Backend], config: ServerConfig) -> FastAPI:
    """The app; the backend is created and opened at start-up and closed at shutdown."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        backend = make_backend()
        await backend.open()
        try:
            ctx = ServerContext(backend, config)
            try:
                await ctx.start()
                app.state.ctx = ctx
                yield
            finally:
                await ctx.stop()
        finally:
            await backend.close()

    app = FastAPI(title="Centralino", version="1", lifespan=lifespan,
                  description="The Centralino backend protocol over HTTP. Authenticate with "
                              "`Authorization: Bearer <token>`; see the README.")
    for router in (records_router, calls_router, people_router, feed_router, health):
        app.include_router(router)
    errors.install(app)
    app.add_middleware(BodyLimit, max_body=config.max_body)
    app.add_middleware(AccessLog)
    return app
