"""The server's store (`on_loop`) writes on its event loop: while another process holds the
database's write lock, the loop keeps serving (the wait is asyncio.sleep, not SQLite's busy
handler, which would stop the loop for its whole sleep), the write goes through once the lock
is free, and a lock held past the busy timeout gives Unavailable. The other process is real."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.customers.inputs import CustomerDraft
from backends.errors import Unavailable
from backends.sqlite import SqliteBackend
from tests.sqlite.loop_ticks import ticks_while

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
print("released", flush=True)
"""


async def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    line = await asyncio.to_thread(holder.stdout.readline)
    assert line.strip() == "locked"
    return holder



@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    backend = SqliteBackend(tmp_path / "loop.db", on_loop=True, busy_timeout_ms=5000)
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()


async def test_a_write_waits_for_another_process_and_the_loop_keeps_running(
        store: SqliteBackend, tmp_path: Path) -> None:
    holder = await hold_lock(tmp_path / "loop.db", 0.6)
    try:
        write = asyncio.ensure_future(
            store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
        )
        ticks = await ticks_while(write, 0.01)
        created = await write
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "released"  # it really held the lock
    finally:
        holder.wait(timeout=10)
    assert ticks >= 10, "the loop stopped while the write waited for the lock"
    assert (await store.customers.get_customer(created.id)).name == "Anna Rossi"
    conn = store._store._loop_write_conn
    assert conn is not None
    # the try without a busy handler is one statement: the connection keeps DESIGN.md's value
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


async def test_a_lock_held_past_the_timeout_gives_unavailable_without_stopping_the_loop(
        tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "slow.db", on_loop=True, busy_timeout_ms=300, retries=1)
    await backend.open()
    holder = await hold_lock(tmp_path / "slow.db", 2.0)
    try:
        write = asyncio.ensure_future(
            backend.customers.create_customer(CustomerDraft(name="Ugo Bassi"))
        )
        ticks = await ticks_while(write, 0.01)
        with pytest.raises(Unavailable):
            await write
    finally:
        holder.wait(timeout=10)
        await backend.close()
    assert ticks >= 10
    async with SqliteBackend(tmp_path / "slow.db") as again:
        assert await again.customers.search_customers("Bassi") == []  # nothing half written




async def test_the_write_thread_checkpoints_while_the_loop_writes(tmp_path: Path) -> None:
    """Checkpoints run on the write thread every CHECKPOINT_EVERY writes on the loop, so the
    checkpoint a commit runs when the WAL is full finds the pages already copied."""
    import threading

    from backends.sqlite import connection

    async with SqliteBackend(tmp_path / "kept.db", on_loop=True) as backend:
        store = backend._store
        ran_on: set[str] = set()
        original = store._checkpoint

        def recording() -> None:
            ran_on.add(threading.current_thread().name)
            original()

        store._checkpoint = recording  # type: ignore[method-assign]
        writes = 4 * connection.CHECKPOINT_EVERY
        for number in range(writes):
            await backend.customers.create_customer(CustomerDraft(name=f"Caller {number}"))
        await store.write_on_thread(lambda conn: None)  # the thread's queue is done
        assert store.checkpoints >= 3
        assert ran_on and all(name.startswith("sqlite-write") for name in ran_on)
