"""/readyz on PostgreSQL (issue 21: what the servers do when the database fails over): a
database that takes no writes (a standby after a failover, or one made read-only) is not
ready, even though it still answers queries. Real parts: the run's PostgreSQL, a database of
its own, our server in a thread on 127.0.0.1. (SQLite's twin is in test_serve_limits.py.)"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from tests import pg_server
from tests.http.harness import ServerThread, make_app
from tests.http.sites import execute


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    async with pg_server.migrated_database(request) as url:
        yield url


async def test_readyz_is_not_ready_when_the_database_takes_no_writes(database: str) -> None:
    name = database.rsplit("/", 1)[1]
    with ServerThread(make_app(database)) as served:
        async with httpx.AsyncClient(base_url=served.url, timeout=10.0) as client:
            assert (await client.get("/readyz")).status_code == 200
            await asyncio.to_thread(execute, database, f'ALTER DATABASE "{name}" SET '
                                    "default_transaction_read_only = on", ())
            try:
                refused = await client.get("/readyz")
            finally:
                # a session of its own that may write, to undo it
                writable = database + "?options=-c%20default_transaction_read_only%3Doff"
                await asyncio.to_thread(execute, writable, f'ALTER DATABASE "{name}" RESET '
                                        "default_transaction_read_only", ())
            again = await client.get("/readyz")
    assert (refused.status_code, refused.json()) == (503, {"status": "read-only"})
    assert again.status_code == 200
