"""The generations a server on PostgreSQL checks for each request (issue 21's load): the token
generation and the tables' behind its answer cache come in ONE statement on the server's async
pool (backends/server/pg_freshness.py), which one request uses for every check it makes; a read
for a known token goes while that statement is on its way, and is sent only if the token still
stands. On a real uvicorn over a fresh database of the run's real PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from backends.postgres import PostgresBackend
from backends.server import ServerConfig, create_app
from backends.server.pg_freshness import FRESHNESS
from backends.server.pg_state import PgTokenStore
from tests import pg_server
from tests.backend_factories.http_postgres import service_token
from tests.http.harness import ServerThread


@contextmanager
def one_server(request: pytest.FixtureRequest) -> Iterator[tuple[Any, str, str, str]]:
    """(the app, its base URL, the database URL, a supervisor's token)."""
    server = pg_server.session_server(request)
    url = pg_server.create_database(server)
    app = create_app(lambda: PostgresBackend(url, region="IT", pool_size=4),
                     ServerConfig(auth_db=None, heartbeat=1.0, poll_interval=30.0))
    thread = ServerThread(app).start()
    try:
        yield app, thread.url, url, service_token(url, "desk")
    finally:
        thread.stop()
        pg_server.drop_database(server, url)


class Noting:
    """A connection that notes each statement's text and start."""

    def __init__(self, conn: Any, seen: list[tuple[str, float]]) -> None:
        self._conn, self._seen = conn, seen

    def execute(self, sql: Any, params: Any = None) -> Any:
        self._seen.append((str(sql), time.monotonic()))
        return self._conn.execute(sql, params)


def recorded(app: Any) -> tuple[list[tuple[str, float, float]], list[tuple[str, float]]]:
    """From now on: the generation reads of the server (text, start, end), and the text and
    start of each one-statement read of the store (on its worker threads or on the event
    loop; the event hub's reads of the feed among them)."""
    ctx = app.state.ctx
    pool_statements: list[tuple[str, float, float]] = []
    store_reads: list[tuple[str, float]] = []
    freshness = ctx.tokens.freshness
    fetch = freshness._fetch
    statement_sync = ctx.backend.store.statement_sync
    loop_reads = ctx.backend.store.loop_reads
    loop_fetch = loop_reads.fetch

    async def slow_fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        start = time.monotonic()
        if sql == FRESHNESS:
            await asyncio.sleep(0.3)  # long enough to see what runs meanwhile
        found: list[tuple[Any, ...]] = await fetch(sql, params)
        pool_statements.append((sql, start, time.monotonic()))
        return found

    def noted(fn: Callable[[Any], Any]) -> Any:
        return statement_sync(lambda conn: fn(Noting(conn, store_reads)))

    async def noted_on_loop(sql: Any, params: Any) -> Any:
        store_reads.append((str(sql), time.monotonic()))
        return await loop_fetch(sql, params)

    freshness._fetch = slow_fetch
    ctx.backend.store.statement_sync = noted
    loop_reads.fetch = noted_on_loop
    return pool_statements, store_reads


def of_customers(store_reads: list[tuple[str, float]]) -> list[float]:
    """When the reads of the customers table began."""
    return [start for sql, start in store_reads if "FROM customers" in sql]


def test_a_cached_answer_costs_one_read_of_every_generation(
        request: pytest.FixtureRequest) -> None:
    with one_server(request) as (app, base, _url, token):
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
            made = http.post("/v1/customers", json={"name": "Anna Rossi"})
            assert made.status_code == 201, made.text
            first = http.post("/v1/customers/search", json={"q": "Rossi"})
            assert [c["name"] for c in first.json()] == ["Anna Rossi"]
            pool_statements, store_reads = recorded(app)
            again = http.post("/v1/customers/search", json={"q": "Rossi"})
        assert again.content == first.content
        # the token's generation and the answer's: one statement, no search on the store
        assert [sql for sql, _start, _end in pool_statements] == [FRESHNESS]
        assert of_customers(store_reads) == []


def test_a_known_tokens_read_goes_while_its_check_is_on_its_way(
        request: pytest.FixtureRequest) -> None:
    with one_server(request) as (app, base, url, token):
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
            made = http.post("/v1/customers", json={"name": "Bea Kovács"}).json()
            assert http.get(f"/v1/customers/{made['id']}").status_code == 200  # token cached
            pool_statements, store_reads = recorded(app)
            answered = app.fast_reads.answered
            got = http.get(f"/v1/customers/{made['id']}")
            assert got.status_code == 200 and got.json()["name"] == "Bea Kovács"
            assert app.fast_reads.answered == answered + 1
            (sql, _check_began, check_ended), = pool_statements
            assert sql == FRESHNESS
            (read_began,) = of_customers(store_reads)
            assert read_began < check_ended  # while the check was on its way

            # revoked through another server while cached here: the read made meanwhile
            # is not sent; FastAPI answers 401 from its own check
            other = PgTokenStore(url)
            try:
                other.revoke("desk")
            finally:
                other.close()
            refused = http.get(f"/v1/customers/{made['id']}")
        assert refused.status_code == 401
        assert "Kovács" not in refused.text
