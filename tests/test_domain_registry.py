"""A new domain is new files plus one registration (backends/domain_registry.py): a tiny
"stats" domain, declared and registered here in the test, is served by SQLite, by our server
and by the http client without an edit to any of them (docs/ARCHITECTURE.md, "Adding a
domain")."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from fastapi import APIRouter, Request, Response

from backends.domain_registry import DomainKey, DomainParts, register, unregister
from backends.errors import Unavailable
from backends.http import HttpBackend
from backends.http.connection import Connection
from backends.models import CustomerDraft
from backends.server.deps import Reader, backend, respond
from backends.sqlite import SqliteBackend
from backends.sqlite.connection import Store
from tests.http.harness import ServerThread, make_app, service_token


# -- the domain's interface and key (backends/stats/api.py in real life) ------------------------
class Stats(Protocol):
    async def customer_count(self) -> int: ...


STATS: DomainKey[Stats] = DomainKey("stats")


# -- its service over SQLite (backends/sqlite/stats_storage.py) ---------------------------------
class SqliteStats:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def customer_count(self) -> int:
        def count(conn: sqlite3.Connection) -> int:
            return int(conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0])

        return await self._store.read(count)


def sqlite_stats(store: Store, _region: str) -> Stats:
    return SqliteStats(store)


# -- its router (backends/server/routes_stats.py) ----------------------------------------------
router = APIRouter(prefix="/v1")


@router.get("/stats/customers", response_model=int)
async def customer_count(request: Request, who: Reader) -> Response:
    return respond(await backend(request).domain(STATS).customer_count())


# -- its client (backends/http/stats.py) --------------------------------------------------------
class HttpStats:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def customer_count(self) -> int:
        return int(await self._c.get("/v1/stats/customers", int))


# -- the one registration ---------------------------------------------------------------------
@pytest.fixture
def stats_registered() -> Iterator[None]:
    here = __name__
    register(DomainParts("stats", sqlite=f"{here}:sqlite_stats", router=f"{here}:router",
                         http=f"{here}:HttpStats"))
    try:
        yield
    finally:
        unregister("stats")


async def test_served_on_sqlite(stats_registered: None, tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "stats.db") as store:
        await store.customers.create_customer(CustomerDraft(name="Anna Verdi"))
        assert await store.domain(STATS).customer_count() == 1


async def test_served_over_http(stats_registered: None, tmp_path: Path) -> None:
    db = tmp_path / "stats.db"
    token = await asyncio.to_thread(service_token, db)
    with ServerThread(make_app(db)) as server:
        client = HttpBackend(server.url, token=token)
        await client.open()
        try:
            await client.customers.create_customer(CustomerDraft(name="Anna Verdi"))
            await client.customers.create_customer(CustomerDraft(name="Luca Bianchi"))
            assert await client.domain(STATS).customer_count() == 2
        finally:
            await client.close()


async def test_a_domain_not_registered_is_unavailable(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "plain.db") as store:
        with pytest.raises(Unavailable):
            store.domain(STATS)
    with pytest.raises(Unavailable):
        HttpBackend("http://127.0.0.1:9").domain(STATS)


async def test_rt_takes_it_from_its_local_store(stats_registered: None, tmp_path: Path) -> None:
    from backends.rt import RtBackend

    local = SqliteBackend(tmp_path / "local.db")
    helpdesk = RtBackend("http://127.0.0.1:9", token="unused", local_store=local)
    assert helpdesk.domain(STATS) is local.domain(STATS)
    async with local:
        assert await helpdesk.domain(STATS).customer_count() == 0
