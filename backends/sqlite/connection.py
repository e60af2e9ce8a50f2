"""Connections to one SQLite file: one write thread, a small pool of reader threads; or, for
the server (`on_loop`), the event loop's own thread and connections.

Every connection gets the pragmas of DESIGN.md (WAL, synchronous=FULL, busy_timeout,
foreign_keys). All writes run on the single thread that owns the write connection, each inside
BEGIN IMMEDIATE, so a read-then-write transaction can never fail half-way with "database is
locked"; the whole transaction is retried a bounded number of times on SQLITE_BUSY, then the
caller gets Unavailable. Reads run on thread-local connections inside a deferred transaction,
so one read sees one consistent snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from backends.errors import BackendError, Invalid, Unavailable
from backends.i18n import _
from backends.private_files import make_private_dir, prepare_database_file
from backends.sqlite.applied import carrying_mark
from backends.sqlite.budgeted import LOOKUP_BUDGET_MS, BudgetedReader, OverBudget
from backends.sqlite.transactions import is_busy, write_blocking, write_on_loop

T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT_MS = 5000
DEFAULT_RETRIES = 3
READER_THREADS = 3
CHECKPOINT_EVERY = 25  # writes on the loop (each ~10 pages) between checkpoints on the thread


def translate(exc: BaseException, path: Path) -> BackendError:
    """A sqlite3 error as the backend error a person can act on, naming the file."""
    text = str(exc)
    if is_busy(exc):
        return Unavailable(_("{path} is locked by another program; try again shortly").format(
            path=path))
    if isinstance(exc, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "corrupt" in text
    ):
        return Invalid("database", _("{path} is not a usable Centralino database ({why})").format(
            path=path, why=text))
    if "readonly" in text or "read-only" in text:
        return Unavailable(_("{path} cannot be written (read-only file or folder)").format(
            path=path))
    if "unable to open" in text:
        return Unavailable(_("{path} cannot be opened ({why})").format(path=path, why=text))
    return Unavailable(_("{path}: database error: {why}").format(path=path, why=text))


def configure(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """The pragmas every connection must carry."""
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch to WAL journal mode (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")  # 32 MB per connection


def read_pragmas(conn: sqlite3.Connection) -> dict[str, object]:
    """The pragmas that matter, as this connection sees them (used by tests and doctor)."""
    return {
        "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
        "synchronous": conn.execute("PRAGMA synchronous").fetchone()[0],
        "busy_timeout": conn.execute("PRAGMA busy_timeout").fetchone()[0],
        "foreign_keys": conn.execute("PRAGMA foreign_keys").fetchone()[0],
    }


def open_configured(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """A new connection to `path` with the pragmas of every connection (autocommit mode);
    used for the store's own file and for a backup's target alike."""
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000,
                               isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    conn.row_factory = sqlite3.Row
    try:
        configure(conn, busy_timeout_ms)
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from None
    return conn


class Store:
    """The threads and connections of one database file."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
                 retries: int = DEFAULT_RETRIES, readers: int = READER_THREADS,
                 on_loop: bool = False,
                 lookup_budget_ms: float | None = LOOKUP_BUDGET_MS) -> None:
        self.path = path
        # on_loop: reads and writes run on the event loop's own thread and connections, not
        # on reader threads and the write thread. For a server process, whose loop is the only
        # caller and whose parallelism comes from worker processes: under load each hop to a
        # thread and back cost a wait for the GIL and then for a turn of the busy loop (a
        # write's three hops took 10-20 ms where its work took 2), more than most reads cost.
        # Bulk loads still go to the write thread (`write_on_thread`): they take seconds.
        self.on_loop = on_loop
        self._loop_write_conn: sqlite3.Connection | None = None
        self._loop_writes = 0  # since the last checkpoint handed to the write thread
        self._checkpointing: Future[None] | None = None
        self.checkpoints = 0  # run on the write thread so far (tests read it)
        self.busy_timeout_ms = busy_timeout_ms
        self.retries = max(1, retries)
        self._readers_count = readers
        self._writer: ThreadPoolExecutor | None = None
        self._readers: ThreadPoolExecutor | None = None
        # Type-ahead lookups have a thread (so a connection and page cache) of their own:
        # on one warm connection a lookup at 1M customers took 1-2 ms less at p95 than when
        # successive keystrokes landed on the pool's three connections in turn, and a slow
        # read in the pool (a long history) never holds a keystroke's lookup back.
        self._lookups: ThreadPoolExecutor | None = None
        # ... and are first tried on the caller's loop, within a budget (budgeted.py), which
        # saves the two thread wake-ups; None: always on the lookup thread.
        self.inline_lookups = (None if lookup_budget_ms is None
                               else BudgetedReader(self.connect, lookup_budget_ms))
        self._write_conn: sqlite3.Connection | None = None
        self._local = threading.local()
        self._read_conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.closed = False

    # -- lifecycle ------------------------------------------------------------------------
    def connect(self) -> sqlite3.Connection:
        """A new configured connection (autocommit mode: we issue BEGIN/COMMIT ourselves)."""
        return open_configured(self.path, self.busy_timeout_ms)

    def start(self) -> None:
        """Create the folder and the threads; the write connection is made on its thread."""
        try:
            make_private_dir(self.path.parent)  # 0700 (2770 shared), whatever the umask
        except OSError as exc:
            raise Unavailable(_("cannot create the folder of {path}: {why}").format(
                path=self.path, why=exc.strerror or exc)) from None
        if self.path.exists() and self.path.is_dir():
            raise Invalid("database", _("{path} is a folder, not a database file").format(
                path=self.path))
        # the file exists, 0600, before SQLite makes it (0644 under umask 022); its -wal and
        # -shm get the same mode from SQLite
        prepare_database_file(self.path)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-write")
        self._lookups = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-lookup")
        self._readers = ThreadPoolExecutor(max_workers=self._readers_count,
                                           thread_name_prefix="sqlite-read")
        self._writer.submit(self._make_write_conn).result()
        if self.on_loop:
            self._loop_write_conn = self.connect()  # used by the loop's thread only

    def _make_write_conn(self) -> None:
        self._write_conn = self.connect()

    def close_inline_lookups(self) -> None:
        """Close the loop's lookup connection, from the loop that uses it: `stop` runs on
        another thread while the loop goes on, and could close it under a running lookup."""
        inline = self.inline_lookups
        if inline is not None and inline.usable_here():
            with contextlib.suppress(sqlite3.Error):
                inline.close()

    def undo_start(self) -> None:
        """A start that failed (the folder cannot be made yet, a network share not mounted):
        let go of what it made and stay ready to start again, since the console retries
        opening a database it could not reach. `stop` closes the store for good."""
        self.stop()
        self.closed = False
        self._writer = self._readers = self._lookups = None
        if self.inline_lookups is not None:  # closed by stop: a fresh one for the next start
            self.inline_lookups = BudgetedReader(self.connect,
                                                 self.inline_lookups.budget * 1000)

    def stop(self) -> None:
        """Wait for running work, then close every connection. Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        for pool in (self._readers, self._lookups):
            if pool is not None:
                pool.shutdown(wait=True)
        if self._writer is not None:
            self._writer.shutdown(wait=True)
        with self._lock:
            conns = [*self._read_conns]
            self._read_conns.clear()
        for conn in (self._write_conn, self._loop_write_conn):
            if conn is not None:
                conns.append(conn)
        self._write_conn = self._loop_write_conn = None
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        if self.inline_lookups is not None:
            with contextlib.suppress(sqlite3.Error):
                self.inline_lookups.close()

    # -- running work ---------------------------------------------------------------------
    def write_sync(self, fn: Callable[[sqlite3.Connection], T], durable: bool = True) -> T:
        """Run `fn` in one BEGIN IMMEDIATE transaction on the calling (write) thread."""
        conn = self._write_conn
        if conn is None:
            raise Unavailable(_("the database {path} is closed").format(path=self.path))
        return write_blocking(conn, fn, self.retries, self._translate, durable)

    def _translate(self, exc: sqlite3.Error) -> BackendError:
        return translate(exc, self.path)

    def read_sync(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn` on this thread's reader connection, inside one read transaction."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.connect()
            self._local.conn = conn
            with self._lock:
                self._read_conns.append(conn)
        try:
            conn.execute("BEGIN")
            try:
                return fn(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    def submit_read(self, fn: Callable[[sqlite3.Connection], T]) -> Future[T]:
        """Start a read now, from any thread; the caller awaits or waits on the future."""
        if self.closed or self._readers is None:
            raise Unavailable(_("the database {path} is closed").format(path=self.path))
        return self._readers.submit(self.read_sync, fn)

    async def write(self, fn: Callable[[sqlite3.Connection], T], *,
                    durable: bool = True) -> T:
        """Run `fn` in one write transaction: on the loop (`on_loop`) or the write thread.
        A request applied at most once (backends/applied_once.py) is marked in it.
        `durable=False`: committed without a sync (transactions.relaxed: only for work whose
        loss in a power cut is harmless)."""
        fn, mark = carrying_mark(fn)  # here, in the caller's context, not on the thread
        if self.on_loop and not self.closed and self._loop_write_conn is not None:
            result = await write_on_loop(self._loop_write_conn, fn, self.retries,
                                         self.busy_timeout_ms, self._translate, durable)
            self._after_loop_write()
        else:
            result = await self.write_on_thread(fn, durable=durable)
        if mark is not None:
            mark.applied = True  # the request's later writes, if any, need no mark
        return result

    def _after_loop_write(self) -> None:
        """Every CHECKPOINT_EVERY writes on the loop, a PASSIVE checkpoint on the write thread.

        A commit that takes the WAL past its limit (1000 pages) checkpoints it right there, on
        the loop, while every request of the worker waits: copying the pages and syncing the
        database took up to 31 ms under load. Checkpoints on the write thread, more often
        than that limit is reached, copy and sync nearly everything beforehand, so the one
        in the commit finds little left to do (it stays, as it alone lets the WAL start over
        from its beginning while writes keep coming)."""
        self._loop_writes += 1
        if self._loop_writes < CHECKPOINT_EVERY or self._writer is None or (
                self._checkpointing is not None and not self._checkpointing.done()):
            return
        self._loop_writes = 0
        with contextlib.suppress(RuntimeError):  # the store is shutting down
            self._checkpointing = self._writer.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        if self._write_conn is None:
            return
        try:
            self._write_conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            self.checkpoints += 1
        except sqlite3.Error:
            pass  # nothing is lost: the WAL keeps the pages until the next checkpoint

    async def write_on_thread(self, fn: Callable[[sqlite3.Connection], T], *,
                              durable: bool = True) -> T:
        """Run `fn` in one write transaction on the write thread (long ones: bulk loads)."""
        if self.closed or self._writer is None:
            raise Unavailable(_("the database {path} is closed").format(path=self.path))
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._writer, self.write_sync, fn, durable)
        except RuntimeError as exc:  # executor shut down under us
            raise Unavailable(_("the database {path} is closed").format(path=self.path)) from exc

    async def read(self, fn: Callable[[sqlite3.Connection], T], *, lookup: bool = False) -> T:
        """Run `fn` in one read transaction: on the loop (`on_loop`), the lookup thread
        (`lookup`: type-ahead and caller-ID) or a reader thread."""
        pool = self._lookups if lookup else self._readers
        if self.closed or pool is None:
            raise Unavailable(_("the database {path} is closed").format(path=self.path))
        if self.on_loop:
            return self.read_sync(fn)
        inline = self.inline_lookups
        if lookup and inline is not None and inline.usable_here():
            try:
                return inline.read(fn)
            except OverBudget:
                pass  # run again, whole, on the lookup thread
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from exc
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(pool, self.read_sync, fn)
        except RuntimeError as exc:
            raise Unavailable(_("the database {path} is closed").format(path=self.path)) from exc

    def run_on_writer(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(conn)` on the write thread outside any transaction (migrations, backup)."""
        if self._writer is None:
            raise Unavailable(_("the database {path} is closed").format(path=self.path))

        def call() -> T:
            assert self._write_conn is not None
            try:
                return fn(self._write_conn)
            except sqlite3.Error as exc:
                if self._write_conn.in_transaction:
                    self._write_conn.execute("ROLLBACK")
                raise translate(exc, self.path) from exc

        return self._writer.submit(call).result()
