"""A write transaction's events go with its COMMIT (backends/postgres/commit_events.py): the
lock that keeps event ids gapless and in commit order is taken only there, so a transaction
still busy after appending its event holds no other writer's events back, and ids still
follow the order of the commits. On the run's real PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator

import psycopg
import pytest

from backends.errors import Invalid
from backends.postgres import PostgresBackend
from backends.postgres.connection import Conn
from backends.postgres.events import append_event
from tests import pg_server


@pytest.fixture
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[PostgresBackend]:
    async with pg_server.opened_backend(request) as opened:
        yield opened


def events(url: str) -> list[tuple[int, str]]:
    with psycopg.connect(url) as conn:
        return [(int(r[0]), str(r[1])) for r in conn.execute(
            "SELECT id, subject FROM events WHERE kind LIKE 'test.%' ORDER BY id")]


async def test_a_transaction_busy_after_its_event_holds_no_other_event_back(
        backend: PostgresBackend) -> None:
    appended, release = threading.Event(), threading.Event()

    def slow(conn: Conn) -> None:
        append_event(conn, "test.slow", "slow")
        appended.set()
        release.wait(60)  # still working after its event (the test lets it go)
        conn.execute("SELECT 1")

    first = asyncio.ensure_future(backend.store.write(slow))
    try:
        assert await asyncio.to_thread(appended.wait, 30)
        # before: the slow transaction held the events' lock from its event to its commit,
        # and this write waited for it (here: until the guard below gave up)
        await asyncio.wait_for(backend.store.write(
            lambda conn: append_event(conn, "test.quick", "quick")), 20)
        assert [s for _i, s in events(backend.url)] == ["quick"]
    finally:
        release.set()
        await first
    found = events(backend.url)
    assert [s for _i, s in found] == ["quick", "slow"]  # ids in commit order
    assert found[1][0] == found[0][0] + 1  # and gapless


async def test_a_failed_transaction_writes_none_of_its_events(
        backend: PostgresBackend) -> None:
    def fails(conn: Conn) -> None:
        append_event(conn, "test.lost", "lost")
        raise Invalid("test", "refused after the event")

    with pytest.raises(Invalid):
        await backend.store.write(fails)
    await backend.store.write(lambda conn: append_event(conn, "test.kept", "kept"))
    assert [s for _i, s in events(backend.url)] == ["kept"]
