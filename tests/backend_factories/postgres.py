"""The PostgreSQL backend on a fresh database of the run's real PostgreSQL (tests/pg_server.py),
dropped after the test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from backends.postgres import PostgresBackend
from tests import pg_server


@asynccontextmanager
async def make(tmp_path: Path, request: pytest.FixtureRequest
               ) -> AsyncIterator[PostgresBackend]:
    server = pg_server.session_server(request)
    url = pg_server.create_migrated_database(server)
    backend = PostgresBackend(url, region="IT", pool_size=4)
    try:
        await backend.open()
        yield backend
    finally:
        await backend.close()
        pg_server.drop_database(server, url)
