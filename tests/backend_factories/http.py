"""The http backend: a real uvicorn server on 127.0.0.1, shared by the session, serving a fresh
app over a fresh SQLite file for each test, reached by an HttpBackend with an admin service
token (a program's token, so the store starts with no operators; role limits are tested in
tests/http/test_roles.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from backends.http import HttpBackend
from backends.server.provision import issue_token
from tests.backend_factories import token_issuer
from tests.http.harness import SharedServer, service_token

_shared: SharedServer | None = None


def shared_server(request: Any = None) -> SharedServer:
    """The session's server, started on first use and stopped when pytest finishes."""
    global _shared
    if _shared is None:
        _shared = SharedServer()
        if request is not None:
            request.config.add_cleanup(_stop_shared)
    return _shared


def _stop_shared() -> None:
    global _shared
    if _shared is not None:
        _shared.stop()
        _shared = None


@contextlib.asynccontextmanager
async def make(tmp_path: Path, request: Any = None) -> AsyncIterator[HttpBackend]:
    db_path = tmp_path / "server.db"
    token = await asyncio.to_thread(service_token, db_path)
    server = await asyncio.to_thread(shared_server, request)
    mounted = server.mounted(db_path)
    url = await asyncio.to_thread(mounted.__enter__)
    backend = HttpBackend(url, token=token, timeout=10.0)
    try:
        await backend.open()
        with token_issuer(backend, lambda name, role: issue_token(
                db_path, name, 1, service_role=role)):
            yield backend
    finally:
        await backend.close()
        await asyncio.to_thread(mounted.__exit__, None, None, None)
