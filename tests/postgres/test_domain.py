"""A new domain on PostgreSQL is new files too: the "stats" domain of
tests/test_domain_registry.py, with a `postgres=` part (tests/postgres/stats_pg.py: its
service and its table) in its one registration, is served by the PostgreSQL store and, over
it, by our server, with no edit to either (docs/ARCHITECTURE.md, "Adding a domain")."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from backends.customers.inputs import CustomerDraft
from backends.domain_registry import DomainParts, register, unregister
from backends.postgres import PostgresBackend
from backends.server import ServerConfig, create_app
from tests import pg_server
from tests.backend_factories.http_postgres import service_token
from tests.http.harness import ServerThread
from tests.test_domain_registry import STATS

HERE = "tests.test_domain_registry"


@pytest.fixture
def stats_registered() -> Iterator[None]:
    register(DomainParts("stats", sqlite=f"{HERE}:sqlite_stats", router=f"{HERE}:router",
                         http=f"{HERE}:HttpStats", migrations=f"{HERE}:MIGRATIONS",
                         actions=f"{HERE}:ACTIONS", postgres="tests.postgres.stats_pg:pg_stats"))
    try:
        yield
    finally:
        unregister("stats")


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    server = pg_server.session_server(request)
    url = await asyncio.to_thread(pg_server.create_database, server)
    try:
        yield url
    finally:
        await asyncio.to_thread(pg_server.drop_database, server, url)


async def test_served_on_postgresql_with_its_own_migration(stats_registered: None,
                                                           database: str) -> None:
    async with PostgresBackend(database) as store:
        await store.customers.create_customer(CustomerDraft(name="Anna Verdi"))
        assert await store.domain(STATS).customer_count() == 1
        assert await store.domain(STATS).add_note("first") == 1
        assert "stats.0001_notes" in await store.schema_migrations()


async def test_served_by_our_server_on_postgresql(stats_registered: None, database: str) -> None:
    app = create_app(lambda: PostgresBackend(database, pool_size=2),
                     ServerConfig(auth_db=None, heartbeat=1.0))
    with ServerThread(app) as server:
        token = await asyncio.to_thread(service_token, database)
        async with httpx.AsyncClient(base_url=server.url) as http:
            headers = {"Authorization": f"Bearer {token}"}
            added = await http.post("/v1/stats/notes", params={"text": "x"}, headers=headers)
            assert added.status_code == 200, added.text
            counted = await http.get("/v1/stats/customers", headers=headers)
            assert counted.json() == 0
