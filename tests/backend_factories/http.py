"""The http backend: a real uvicorn server on 127.0.0.1 over a fresh SQLite file, reached by an
HttpBackend with an admin service token (a program's token, so the store starts with no
operators) (so the conformance suite may do everything the protocol
offers; role limits are tested in tests/http/test_roles.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from backends.http import HttpBackend
from tests.http.harness import ServerThread, service_token


@contextlib.asynccontextmanager
async def make(tmp_path: Path, request: Any = None) -> AsyncIterator[HttpBackend]:
    db_path = tmp_path / "server.db"
    token = await asyncio.to_thread(service_token, db_path)
    server = await asyncio.to_thread(ServerThread(db_path).start)
    backend = HttpBackend(server.url, token=token, timeout=10.0)
    try:
        await backend.open()
        yield backend
    finally:
        await backend.close()
        await asyncio.to_thread(server.stop)
