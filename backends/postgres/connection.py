"""Connections to one PostgreSQL database: a psycopg 3 connection pool and as many worker
threads, so the domains' synchronous storage work (`work(conn)`, docs/ARCHITECTURE.md) runs in
one transaction on one pooled connection while the event loop goes on.

Writes run at READ COMMITTED: every change is a conditional UPDATE (on a state or a version),
which PostgreSQL re-checks on the newest row after waiting for a concurrent writer, so a lost
race shows as "0 rows", never as an overwrite. A transaction that meets a deadlock or a
serialisation failure is rolled back and run again whole, a bounded number of times (the
work functions are written to be re-runnable), then the caller gets Unavailable. Reads run in
one REPEATABLE READ, READ ONLY transaction, on a pool of their own whose connections begin
that way: one consistent snapshot, like SQLite's readers.
"""

from __future__ import annotations

import asyncio
import random
import select
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar, cast

import psycopg
from psycopg import errors as pg_errors
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from backends.applied_once import CURRENT, AlreadyApplied
from backends.errors import BackendError, Invalid, Unavailable
from backends.i18n import _
from backends.postgres import commit_events, loop_reads

T = TypeVar("T")
Conn = psycopg.Connection[dict[str, Any]]

DEFAULT_POOL_SIZE = 8
WAIT_FOR_CONNECTION = 5.0  # seconds a transaction waits for a pooled connection
ATTEMPTS = 4
MARK_TTL = 24 * 3600.0  # as backends/sqlite/applied.py: as long as the server keeps answers
RETRYABLE = (pg_errors.DeadlockDetected, pg_errors.SerializationFailure)


def masked(url: str) -> str:
    """The URL without its password, for messages."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://…"
    host = params.get("host", "localhost")
    port = params.get("port")
    where = f"{host}:{port}" if port else str(host)
    return f"postgresql://{params.get('user', '')}@{where}/{params.get('dbname', '')}"


def translate(exc: BaseException, url: str) -> BackendError:
    """A psycopg error as the backend error a person can act on, naming the database."""
    where = masked(url)
    if isinstance(exc, PoolTimeout | psycopg.OperationalError):
        return Unavailable(_("the database {url} cannot be reached: {why}").format(
            url=where, why=str(exc).strip().splitlines()[0] if str(exc).strip() else exc))
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return Unavailable(_("the database {url} refuses this user: {why}").format(
            url=where, why=str(exc).strip().splitlines()[0]))
    if isinstance(exc, pg_errors.DataError):
        return Invalid("database", _("the database {url} refused a value: {why}").format(
            url=where, why=str(exc).strip().splitlines()[0]))
    return Unavailable(_("{url}: database error: {why}").format(
        url=where, why=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc)))


def quiet_since_returned(conn: psycopg.Connection[Any]) -> None:
    """The pool's check when it hands a connection out: one system call, no round trip. An
    idle connection has nothing to read; if its socket is readable, the server closed it
    (restarted, failed over) or sent something unasked: it is dropped and another made."""
    if conn.closed or conn.broken:
        raise psycopg.OperationalError("the connection is closed")
    readable, _w, _x = select.select([conn.fileno()], [], [], 0)
    if readable:
        conn.close()  # closed, the pool drops it rather than taking it back
        raise psycopg.OperationalError("the server closed the connection")


def _configure(conn: Conn) -> None:
    """Every pooled connection: UTC clock, the rows as dicts."""
    conn.execute("SET TIME ZONE 'UTC'")
    conn.commit()


def _configure_reader(conn: Conn) -> None:
    """A reader's transactions begin REPEATABLE READ, READ ONLY in their BEGIN itself (no
    statement of their own): one snapshot per read."""
    _configure(conn)
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True


class PgStore:
    """One database: `start()`, `write(fn)`, `read(fn)`, `stop()`."""

    def __init__(self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.url = url
        self.pool_size = pool_size
        self._pool: ConnectionPool[Conn] | None = None
        self._readers: ConnectionPool[Conn] | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._loop_reads: loop_reads.LoopReads | None = None
        self.closed = False
        self.retried = 0  # transactions run again after a deadlock or serialisation failure

    def start(self, timeout: float = 10.0) -> None:
        try:  # one direct try first: a refused or misnamed database fails at once, named
            psycopg.connect(self.url, connect_timeout=max(1, int(timeout))).close()
        except psycopg.Error as exc:
            raise translate(exc, self.url) from None
        # a request waits at most WAIT_FOR_CONNECTION for a connection (then: Unavailable);
        # after the database came back, the pool reconnects with growing pauses (1, 2, 4 s…)
        pools: list[ConnectionPool[Conn]] = [ConnectionPool(
            self.url, min_size=1, max_size=self.pool_size, open=False,
            timeout=WAIT_FOR_CONNECTION,
            kwargs={"row_factory": dict_row, "autocommit": False}, configure=configure,
            check=quiet_since_returned, name=name)
            for name, configure in (("centralino-write", _configure),
                                    ("centralino-read", _configure_reader))]
        try:
            for pool in pools:
                pool.open(wait=True, timeout=timeout)
        except (PoolTimeout, psycopg.Error) as exc:
            for pool in pools:
                pool.close()
            raise translate(exc, self.url) from None
        self._pool, self._readers = pools
        self._loop_reads = loop_reads.LoopReads(self.url, self.pool_size)
        self._threads = ThreadPoolExecutor(max_workers=2 * self.pool_size,
                                           thread_name_prefix="pg-work")

    def stop(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._threads is not None:
            self._threads.shutdown(wait=True)
        for pool in (self._pool, self._readers):
            if pool is not None:
                pool.close()

    def _require_pool(self) -> ConnectionPool[Conn]:
        if self.closed or self._pool is None:
            raise Unavailable(_("the database {url} is closed").format(url=masked(self.url)))
        return self._pool

    # -- synchronous, on a worker thread -------------------------------------------------------
    def write_sync(self, fn: Callable[[Conn], T]) -> T:
        """`fn(conn)` in one transaction, run again on deadlock or serialisation failure; the
        events it appends go with the COMMIT (commit_events.py)."""
        pool = self._require_pool()
        pause = 0.01
        for attempt in range(ATTEMPTS):
            try:
                # the transaction begins with fn's first statement; the pool's context rolls
                # it back on an error (and commits nothing left: the flush committed)
                with pool.connection() as conn:
                    with commit_events.deferring() as events:
                        result = fn(conn)
                    if events:
                        commit_events.flush(conn, events)  # with the COMMIT
                    else:
                        conn.commit()
                    return result
            except RETRYABLE as exc:
                if attempt + 1 >= ATTEMPTS:
                    raise translate(exc, self.url) from exc
                self.retried += 1
                time.sleep(pause * (0.5 + random.random()))
                pause *= 2
            except BackendError:
                raise
            except (psycopg.Error, PoolTimeout) as exc:
                raise translate(exc, self.url) from exc
        raise AssertionError("unreachable")

    def read_sync(self, fn: Callable[[Conn], T]) -> T:
        self._require_pool()
        assert self._readers is not None
        try:
            with self._readers.connection() as conn, conn.transaction():
                return fn(conn)
        except BackendError:
            raise
        except (psycopg.Error, PoolTimeout) as exc:
            raise translate(exc, self.url) from exc

    def statement_sync(self, fn: Callable[[Conn], T]) -> T:
        """`fn(conn)` of ONE statement on a reader in autocommit: one round trip where a
        transaction takes three (BEGIN, the statement, COMMIT); a statement is its own
        snapshot, as consistent as a REPEATABLE READ transaction of one statement. For the
        reads most requests make (a record by id, a ticket with its calls, the generations,
        the feed): BEGIN and COMMIT were a third of the statements of the server's load mix.
        A read of several statements must use `read_sync` (one snapshot for all)."""
        self._require_pool()
        assert self._readers is not None
        try:
            with self._readers.connection() as conn:
                conn.autocommit = True
                try:
                    return fn(conn)
                finally:
                    conn.autocommit = False
        except BackendError:
            raise
        except (psycopg.Error, PoolTimeout) as exc:
            raise translate(exc, self.url) from exc

    def run_outside(self, fn: Callable[[Conn], T]) -> T:
        """`fn(conn)` on a pooled connection in autocommit mode (migrations take their own
        transaction and lock; copying tables)."""
        pool = self._require_pool()
        try:
            with pool.connection() as conn:
                conn.autocommit = True
                try:
                    return fn(conn)
                finally:
                    conn.autocommit = False
        except BackendError:
            raise
        except (psycopg.Error, PoolTimeout) as exc:
            raise translate(exc, self.url) from exc

    # -- from the event loop ----------------------------------------------------------------
    async def on_thread(self, call: Callable[[], T]) -> T:
        """`call()` on one of the store's worker threads (several steps, one hop)."""
        if self.closed or self._threads is None:
            raise Unavailable(_("the database {url} is closed").format(url=masked(self.url)))
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._threads, call)
        except RuntimeError as exc:  # the executor shut down under us
            raise Unavailable(_("the database {url} is closed").format(
                url=masked(self.url))) from exc

    async def write(self, fn: Callable[[Conn], T]) -> T:
        """Run `fn` in one write transaction. A request applied at most once
        (backends/applied_once.py) is marked in it, so mark and change commit together."""
        mark = CURRENT.get()
        if mark is None or mark.applied:
            return await self.on_thread(lambda: self.write_sync(fn))
        scope, key = mark.scope, mark.key

        def marked(conn: Conn) -> T:
            now = time.time()
            written = conn.execute(
                "INSERT INTO applied_requests (scope, key, at) VALUES (%s, %s, %s) "
                "ON CONFLICT (scope, key) DO UPDATE SET at = excluded.at "
                "WHERE applied_requests.at < %s", [scope, key, now, now - MARK_TTL]).rowcount
            if written == 0:
                raise AlreadyApplied()  # rolled back: nothing changes
            if random.random() < 0.002:
                conn.execute("DELETE FROM applied_requests WHERE at < %s", [now - MARK_TTL])
            return fn(conn)

        result = await self.on_thread(lambda: self.write_sync(marked))
        mark.applied = True
        return result

    async def read(self, fn: Callable[[Conn], T]) -> T:
        return await self.on_thread(lambda: self.read_sync(fn))

    async def statement(self, fn: Callable[[Conn], T]) -> T:
        """`statement_sync(fn)` from the event loop: on the loop itself around one async
        statement (loop_reads.py), else on a worker thread."""
        reads = self._loop_reads
        if reads is not None and reads.usable():
            statement, result = loop_reads.record(fn)
            if statement is None:
                return cast(T, result)  # it sent nothing
            try:
                found = await reads.fetch(*statement)
            except (psycopg.Error, PoolTimeout, OSError) as exc:
                raise translate(exc, self.url) from exc
            try:
                return cast(T, loop_reads.replay(fn, statement, found))
            except loop_reads.NotOneStatement:
                pass  # more than one statement: whole, on a thread
        return await self.on_thread(lambda: self.statement_sync(fn))

    @property
    def loop_reads(self) -> loop_reads.LoopReads | None:
        """The event loop's pool of one-statement reads (None before `start`)."""
        return self._loop_reads

    async def close_loop_reads(self) -> None:
        if self._loop_reads is not None:
            await self._loop_reads.close()

    def submit_read(self, fn: Callable[[Conn], T]) -> Future[T]:
        """Start a read now, from any thread."""
        if self.closed or self._threads is None:
            raise Unavailable(_("the database {url} is closed").format(url=masked(self.url)))
        return self._threads.submit(self.read_sync, fn)
