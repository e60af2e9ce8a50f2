"""Type-ahead and caller-ID lookups never wait for the reader pool. They run on the caller's
event loop within a time budget (backends/sqlite/budgeted.py); one that runs past it is
interrupted and run again on the lookup thread, so the loop is never held for long. Real
SQLite files."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from backends.customers.inputs import CustomerDraft
from backends.sqlite import SqliteBackend, search
from backends.sqlite.connection import Store
from tests.sqlite.loop_ticks import ticks_while

SLOW_COUNT = 3_000_000  # a recursive count that takes 0.3-2 s here: far past any budget
SLOW_SQL = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
            "SELECT count(*) FROM c")


def slow_count(conn: sqlite3.Connection) -> int:
    return conn.execute(SLOW_SQL, [SLOW_COUNT]).fetchone()[0]



async def test_lookups_run_on_the_loop_while_every_reader_is_busy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    original = search.search_customers

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(threading.current_thread().name)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "search_customers", recording)
    async with SqliteBackend(tmp_path / "lane.db") as backend:
        await backend.customers.create_customer(
            CustomerDraft(name="Anna Rossi", phones=["+390612345678"])
        )
        release = threading.Event()

        def slow_read(conn: object) -> None:
            release.wait(5)

        # every reader thread busy with a slow read: lookups must still be answered
        blockers = [asyncio.ensure_future(backend._store.read(slow_read)) for _ in range(3)]
        try:
            found = await asyncio.wait_for(asyncio.gather(
                *(backend.customers.search_customers("Ros") for _ in range(6)),
                backend.customers.find_customers_by_phone("06 1234 5678")), timeout=5)
        finally:
            release.set()
            await asyncio.gather(*blockers)
    assert all(result and result[0].name == "Anna Rossi" for result in found)
    assert seen == [threading.current_thread().name] * 6


async def test_a_lookup_past_its_budget_moves_to_the_lookup_thread(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "slow.db") as backend:
        store = backend._store
        assert store.inline_lookups is not None
        job = asyncio.ensure_future(store.read(slow_count, lookup=True))
        ticks = await ticks_while(job, 0.005)
        assert job.result() == SLOW_COUNT  # run whole, again, on the thread
        assert store.inline_lookups.over_budget == 1
        # the loop was free while the thread counted; held for the whole count, it gets 0-1
        assert ticks >= 10
        # the loop's connection is left usable, outside any transaction
        assert [c.name for c in await backend.customers.search_customers("x")] == []


async def test_without_a_budget_lookups_use_the_lookup_thread(tmp_path: Path) -> None:
    store = Store(tmp_path / "thread.db", lookup_budget_ms=None)
    store.start()
    try:
        name = await store.read(lambda conn: threading.current_thread().name, lookup=True)
    finally:
        store.stop()
    assert name.startswith("sqlite-lookup")


async def test_a_second_thread_does_not_share_the_loops_connection(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "two.db") as backend:
        await backend.customers.create_customer(CustomerDraft(name="Anna Rossi"))
        here = await backend._store.read(lambda conn: threading.current_thread().name,
                                         lookup=True)
        elsewhere: list[str] = []

        def other_loop() -> None:
            elsewhere.append(asyncio.run(backend._store.read(
                lambda conn: threading.current_thread().name, lookup=True)))

        thread = threading.Thread(target=other_loop)
        thread.start()
        await asyncio.to_thread(thread.join, 10)
    assert here == threading.current_thread().name
    assert elsewhere and elsewhere[0].startswith("sqlite-lookup")


async def test_a_lookup_that_swallows_its_interruption_still_moves(tmp_path: Path) -> None:
    """A lookup that caught the interruption itself would return a partial result: it is run
    again, whole, on the thread all the same."""
    def stubborn(conn: sqlite3.Connection) -> int:
        try:
            return slow_count(conn)
        except sqlite3.OperationalError:
            return -1  # what the loop would have shown, had it been kept

    async with SqliteBackend(tmp_path / "stubborn.db") as backend:
        store = backend._store
        assert await store.read(stubborn, lookup=True) == SLOW_COUNT
        assert store.inline_lookups is not None and store.inline_lookups.over_budget == 1


async def test_closing_ends_the_loops_connection_on_the_loop(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "closing.db")
    await backend.open()
    await backend.customers.search_customers("x")  # the loop's lookup connection now exists
    inline = backend._store.inline_lookups
    assert inline is not None and inline._conn is not None
    closing = asyncio.ensure_future(backend.close())
    await asyncio.sleep(0)  # close() has run up to its hand-over to the thread
    assert inline.closed and inline._conn is None
    await closing
    with pytest.raises(Exception, match="closed"):
        await backend.customers.search_customers("x")
