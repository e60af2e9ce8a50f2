"""Write transactions: BEGIN IMMEDIATE, the work, COMMIT; the whole thing retried a bounded
number of times on SQLITE_BUSY (DESIGN.md), then the caller's error.

Two ways to wait for another process's write lock:
- `write_blocking`, on a thread of its own: SQLite's busy handler sleeps on that thread
  (busy_timeout), which is what a write thread is for.
- `write_on_loop`, on an event loop (the server, where one process per core runs all its
  SQLite work on its loop): the busy handler would stop the whole loop for its sleeps of 1,
  2, 5, 10… ms, so the lock is tried without it and the wait is `asyncio.sleep` in short
  steps, up to the same busy timeout. Once BEGIN IMMEDIATE succeeds, the work and COMMIT run
  without yielding, so no other coroutine can use the connection inside the transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

FIRST_PAUSE = 0.05  # before retrying a whole transaction that met SQLITE_BUSY part-way
LOCK_POLL_FIRST = 0.0002  # the loop's first wait for a lock held by another process
LOCK_POLL_MAX = 0.004


def is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock past the timeout."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return True
    return "locked" in str(exc) or "busy" in str(exc)


def _after_failure(conn: sqlite3.Connection, exc: BaseException, attempt: int,
                   attempts: int, fail: Callable[[sqlite3.Error], BaseException]) -> None:
    """Roll back; return if the transaction may be tried again, else raise what the caller
    should see (`fail(exc)` for a database error, the exception itself otherwise)."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    if is_busy(exc) and attempt + 1 < attempts:
        return
    if isinstance(exc, sqlite3.Error):
        replacement = fail(exc)
        if replacement is not exc:
            raise replacement from exc
    raise exc


@contextlib.contextmanager
def relaxed(conn: sqlite3.Connection, durable: bool) -> Iterator[None]:
    """Commits made inside it with synchronous=NORMAL when not `durable`: the WAL is written
    but not synced (~0.02 ms instead of a sync, 3-8 ms at p95 on the machines measured). Such
    a commit is atomic and seen by every connection at once; a power cut may take it back,
    together with any later one not yet synced (the next durable commit syncs them all). For
    work whose loss is harmless: the campaigns' claims (backends/campaigns/claims.py).
    SQLite refuses the pragma inside a transaction, hence around it."""
    if durable:
        yield
        return
    conn.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        conn.execute("PRAGMA synchronous = FULL")


def write_blocking(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T],
                   attempts: int, fail: Callable[[sqlite3.Error], BaseException],
                   durable: bool = True) -> T:
    """`work(conn)` in one BEGIN IMMEDIATE transaction on this thread."""
    pause = FIRST_PAUSE
    with relaxed(conn, durable):  # outside: a failed try is rolled back before it ends
        for attempt in range(max(1, attempts)):
            try:
                conn.execute("BEGIN IMMEDIATE")
                result = work(conn)
                conn.execute("COMMIT")
                return result
            except BaseException as exc:
                _after_failure(conn, exc, attempt, max(1, attempts), fail)
            time.sleep(pause)
            pause *= 2
    raise AssertionError("unreachable")  # the loop returns or raises


async def begin_on_loop(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """BEGIN IMMEDIATE, waiting for another process's lock with `asyncio.sleep`, never with
    the busy handler: each try runs with busy_timeout 0, and the connection's own timeout is
    put back straight after it, so everything else keeps DESIGN.md's busy_timeout."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = LOCK_POLL_FIRST
    while True:
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        # jittered, so processes that met at the lock do not meet again at the next try
        await asyncio.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 2, LOCK_POLL_MAX)


async def write_on_loop(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T],
                        attempts: int, busy_timeout_ms: int,
                        fail: Callable[[sqlite3.Error], BaseException],
                        durable: bool = True) -> T:
    """`work(conn)` in one BEGIN IMMEDIATE transaction on the running event loop."""
    pause = FIRST_PAUSE
    if not durable:  # no await between the pragma and the commit: nothing else runs here
        return await _relaxed_on_loop(conn, work, attempts, busy_timeout_ms, fail)
    for attempt in range(max(1, attempts)):
        try:
            await begin_on_loop(conn, busy_timeout_ms)
            result = work(conn)
            conn.execute("COMMIT")
            return result
        except BaseException as exc:
            _after_failure(conn, exc, attempt, max(1, attempts), fail)
        await asyncio.sleep(pause)
        pause *= 2
    raise AssertionError("unreachable")  # the loop returns or raises


async def _relaxed_on_loop(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T],
                           attempts: int, busy_timeout_ms: int,
                           fail: Callable[[sqlite3.Error], BaseException]) -> T:
    """write_on_loop for a commit without a sync: the pragma is set only once the lock is
    known to be free (waited for without stopping the loop) and put back straight after the
    commit (or the rollback), with no await in between, so another coroutine's write on this
    connection, while this one waits, keeps its sync. The lock is let go for the pragma: a
    process taking it in those microseconds makes the second BEGIN wait with the busy
    handler, on the loop (rare, and bounded by the busy timeout)."""
    pause = FIRST_PAUSE
    for attempt in range(max(1, attempts)):
        try:
            await begin_on_loop(conn, busy_timeout_ms)
            conn.execute("ROLLBACK")  # the pragma is refused inside a transaction
            with relaxed(conn, durable=False):
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(conn)
                    conn.execute("COMMIT")
                finally:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
            return result
        except BaseException as exc:
            _after_failure(conn, exc, attempt, max(1, attempts), fail)
        await asyncio.sleep(pause)
        pause *= 2
    raise AssertionError("unreachable")  # the loop returns or raises
