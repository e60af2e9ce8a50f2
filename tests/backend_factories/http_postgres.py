"""Our server over PostgreSQL, reached by an HttpBackend: the session's real uvicorn
(tests/backend_factories/http.py) serves, for each test, a fresh context over a fresh database
of the run's real PostgreSQL (tests/pg_server.py), whose tokens and idempotency records live in
that database too (backends/server/pg_state.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from backends.http import HttpBackend
from backends.people.models import Role
from backends.postgres import PostgresBackend
from backends.server import ServerConfig
from backends.server.app import close_context, open_context
from backends.server.pg_state import PgTokenStore
from tests import pg_server
from tests.backend_factories import token_issuer
from tests.backend_factories.http import shared_server


def service_token(url: str, name: str = "conformance", role: Role = Role.ADMIN) -> str:
    store = PgTokenStore(url)
    try:
        return store.issue(name, 90, role.value)[1]
    finally:
        store.close()


@contextlib.asynccontextmanager
async def make(tmp_path: Path, request: Any = None) -> AsyncIterator[HttpBackend]:
    server = pg_server.session_server(request)
    url = await asyncio.to_thread(pg_server.create_migrated_database, server)
    shared = await asyncio.to_thread(shared_server, request)
    config = ServerConfig(auth_db=None, heartbeat=1.0, poll_interval=0.05)
    ctx = await asyncio.to_thread(shared._on_server, open_context(
        lambda: PostgresBackend(url, region="IT", pool_size=4), config))
    shared.app.state.ctx = ctx
    backend: HttpBackend | None = None
    try:
        token = await asyncio.to_thread(service_token, url)
        backend = HttpBackend(shared.url, token=token, timeout=10.0)
        await backend.open()
        with token_issuer(backend, lambda name, role: service_token(url, name, role)):
            yield backend
    finally:
        if backend is not None:
            await backend.close()
        shared.app.state.ctx = None
        await asyncio.to_thread(shared._on_server, close_context(ctx))
        await asyncio.to_thread(pg_server.drop_database, server, url)
