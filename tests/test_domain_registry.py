"""A new domain is new files plus one registration (backends/domain_registry.py): a tiny
"stats" domain, declared and registered here in the test, with its own table (a migration)
and its own server action, is served by SQLite, by our server and by the http client without
an edit to any of them, the schema or the policy (docs/ARCHITECTURE.md, "Adding a domain")."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Protocol

import httpx
import pytest
import sqlite_utils
from fastapi import APIRouter, Request, Response

from backends.customers.inputs import CustomerDraft
from backends.domain_registry import DomainKey, DomainParts, register, unregister
from backends.errors import Forbidden, Unavailable
from backends.http import HttpBackend
from backends.http.connection import Connection
from backends.people.models import Role
from backends.server.deps import Reader, backend, guard, respond
from backends.server.policy import Identity
from backends.sqlite import SqliteBackend
from backends.sqlite.connection import Store
from tests.http.harness import (
    ServerProcess,
    ServerThread,
    make_app,
    provision,
    service_token,
)


# -- the domain's interface and key (backends/stats/api.py in real life) ------------------------
class Stats(Protocol):
    async def customer_count(self) -> int: ...

    async def add_note(self, text: str) -> int: ...


STATS: DomainKey[Stats] = DomainKey("stats")


# -- its service over SQLite (backends/sqlite/stats_storage.py) ---------------------------------
class SqliteStats:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def customer_count(self) -> int:
        def count(conn: sqlite3.Connection) -> int:
            return int(conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0])

        return await self._store.read(count)

    async def add_note(self, text: str) -> int:
        def add(conn: sqlite3.Connection) -> int:
            conn.execute("INSERT INTO stats_notes (text) VALUES (?)", [text])
            return int(conn.execute("SELECT COUNT(*) FROM stats_notes").fetchone()[0])

        return await self._store.write(add)


# -- its tables (a migration of its own) and its server actions ----------------------------------
def _notes_table(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE stats_notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")


MIGRATIONS = [("0001_notes", _notes_table)]
ACTIONS = {"stats.write": frozenset({Role.SUPERVISOR, Role.ADMIN})}


def sqlite_stats(store: Store, _region: str) -> Stats:
    return SqliteStats(store)


# -- its router (backends/server/routes_stats.py) ----------------------------------------------
router = APIRouter(prefix="/v1")


@router.get("/stats/customers", response_model=int)
async def customer_count(request: Request, who: Reader) -> Response:
    return respond(await backend(request).domain(STATS).customer_count())


StatsWriter = Annotated[Identity, guard("stats.write")]


@router.post("/stats/notes", response_model=int)
async def add_note(request: Request, text: str, who: StatsWriter) -> Response:
    return respond(await backend(request).domain(STATS).add_note(text))


# -- its client (backends/http/stats.py) --------------------------------------------------------
class HttpStats:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def customer_count(self) -> int:
        return int(await self._c.get("/v1/stats/customers", int))

    async def add_note(self, text: str) -> int:
        raise NotImplementedError  # the tests post directly, as each role


# -- the one registration ---------------------------------------------------------------------
@pytest.fixture
def stats_registered() -> Iterator[None]:
    here = __name__
    register(DomainParts("stats", sqlite=f"{here}:sqlite_stats", router=f"{here}:router",
                         http=f"{here}:HttpStats", migrations=f"{here}:MIGRATIONS",
                         actions=f"{here}:ACTIONS"))
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


async def test_its_tables_are_its_own_migration(stats_registered: None,
                                                tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "stats.db") as store:
        assert await store.domain(STATS).add_note("first") == 1
        assert "stats.0001_notes" in await store.schema_migrations()


async def test_a_database_made_before_the_domain_gets_its_tables_on_open(
        tmp_path: Path) -> None:
    db = tmp_path / "older.db"
    async with SqliteBackend(db):
        pass
    register(DomainParts("stats", sqlite=f"{__name__}:sqlite_stats",
                         router=f"{__name__}:router", http=f"{__name__}:HttpStats",
                         migrations=f"{__name__}:MIGRATIONS", actions=f"{__name__}:ACTIONS"))
    try:
        async with SqliteBackend(db) as store:
            assert await store.domain(STATS).add_note("late") == 1
    finally:
        unregister("stats")


async def test_its_actions_are_checked_by_the_server(stats_registered: None,
                                                   tmp_path: Path) -> None:
    db = tmp_path / "stats.db"
    tokens = await asyncio.to_thread(provision, db, {"anna": Role.OPERATOR,
                                                    "sara": Role.SUPERVISOR})
    with ServerThread(make_app(db)) as server:
        async with httpx.AsyncClient(base_url=server.url) as http:

            refused = await http.post("/v1/stats/notes", params={"text": "x"},
                                      headers={"Authorization": f"Bearer {tokens['anna']}"})
            assert refused.status_code == 403
            assert "stats.write" in refused.text
            taken = await http.post("/v1/stats/notes", params={"text": "y"},
                                    headers={"Authorization": f"Bearer {tokens['sara']}"})
            assert taken.status_code == 200, taken.text
            assert taken.json() == 1
    unregister("stats")
    forbidden = Identity("sara", Role.SUPERVISOR, "t")
    with pytest.raises(Forbidden, match=r"stats\.write"):
        forbidden.check("stats.write")  # unregistered: deny by default


async def test_a_domain_the_server_does_not_serve_is_unavailable_in_the_client(
        tmp_path: Path) -> None:
    """The server runs in a process of its own, where "stats" was never registered: the
    client learns the server's domains from /v1/meta and refuses it instead of a 404 later."""
    db = tmp_path / "plain.db"
    token = await asyncio.to_thread(service_token, db)
    server = await asyncio.to_thread(ServerProcess(db).start)
    register(DomainParts("stats", sqlite=f"{__name__}:sqlite_stats",
                         router=f"{__name__}:router", http=f"{__name__}:HttpStats"))
    try:
        client = HttpBackend(server.url, token=token)
        await client.open()
        try:
            assert client.meta is not None and "calls" in client.meta.domains
            assert "stats" not in client.meta.domains
            with pytest.raises(Unavailable, match="stats"):
                client.domain(STATS)
            assert await client.customers.search_customers("Verdi") == []
        finally:
            await client.close()
    finally:
        unregister("stats")
        server.stop()


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
