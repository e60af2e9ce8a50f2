"""One-statement reads run on the event loop, without a worker thread (issue 21's load).

The hot reads (a record by id, a ticket with its calls, the feed, type-ahead) are written once,
as synchronous `fn(conn)` of ONE statement (`PgStore.statement_sync`), and run inside
transactions on worker threads too. Handing each to a thread and back cost two wake-ups and the
GIL passed twice: 2-4 ms at p50 on the loaded 2-core server, and about 6 % of its CPU. Here the
same `fn` runs on the loop in two passes around one asynchronous statement:

1. `fn` is called with a `_Recorder`, whose `execute` notes the statement and stops it;
2. the statement runs on an async pool (autocommit, rows as dicts, as `statement_sync`'s);
3. `fn` is called again with a `_Replay`, whose `execute` answers that statement with the rows.

A function that sends a second statement, or a different one on the second pass, is run again
whole on a worker thread (`NotOneStatement`): correct, only slower. Everything before the
statement is plain Python building its text; nothing is sent twice.
"""

from __future__ import annotations

import asyncio
import select
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

WAIT_FOR_CONNECTION = 5.0  # seconds, as the thread pools'


class NotOneStatement(BaseException):
    """The function did not send exactly the one statement it sent before (a BaseException,
    as `_Sent`)."""


class _Sent(BaseException):
    """The statement the first pass sent. A BaseException: no `except Exception` in a read
    function may take it for the read's own failure."""

    def __init__(self, sql: Any, params: Any) -> None:
        super().__init__()
        self.sql, self.params = sql, params


class _Recorder:
    """A connection stand-in for the first pass: notes the statement and stops the function."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        raise _Sent(sql, params)


class _Rows:
    """The cursor of the replayed statement: its rows, read already."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = len(rows)

    def fetchone(self) -> dict[str, Any] | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[dict[str, Any]]:
        rest, self._next = self._rows[self._next:], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.fetchall())


class _Replay:
    """A connection stand-in for the second pass: answers the one statement with its rows."""

    def __init__(self, statement: tuple[Any, Any], rows: list[dict[str, Any]]) -> None:
        self._statement: tuple[Any, Any] | None = statement
        self._rows = rows

    def execute(self, sql: Any, params: Any = None) -> Any:
        statement, self._statement = self._statement, None
        if statement is None or (sql, params) != statement:
            raise NotOneStatement()
        return _Rows(self._rows)


Statement = tuple[Any, Any]  # (its SQL, its parameters)


def record(fn: Any) -> tuple[Statement | None, Any]:
    """(the statement `fn` sends first, None) or (None, its result when it sends none)."""
    try:
        return None, fn(_Recorder())
    except _Sent as sent:
        # the statement, not the exception: kept by the caller across its await, the
        # exception's traceback and frames held it in a cycle only the garbage collector
        # frees (1,100 objects per 50 reads; 31 collections in 10 s of the load mix)
        statement = (sent.sql, sent.params)
    return statement, None


def replay(fn: Any, statement: Statement, rows: list[dict[str, Any]]) -> Any:
    return fn(_Replay(statement, rows))


async def _configure(conn: psycopg.AsyncConnection[Any]) -> None:
    await conn.execute("SET TIME ZONE 'UTC'")


async def quiet_since_returned_async(conn: psycopg.AsyncConnection[Any]) -> None:
    """An async pool's check when it hands a connection out (as
    connection.quiet_since_returned): an idle connection whose socket is readable was closed
    by the server; dropped. Also the server's own async pool's (server/pg_state.py)."""

    if conn.closed or conn.broken:
        raise psycopg.OperationalError("the connection is closed")
    readable, _w, _x = select.select([conn.fileno()], [], [], 0)
    if readable:
        await conn.close()
        raise psycopg.OperationalError("the server closed the connection")


class LoopReads:
    """An async pool of autocommit connections for the event loop the store was opened on
    (`bind`, PostgresBackend.open); from any other loop `usable()` says no and the caller
    takes the thread path (a CLI's `asyncio.run` in a helper thread, a test's own loop)."""

    def __init__(self, url: str, size: int) -> None:
        self._url, self._size = url, size
        self._pool: AsyncConnectionPool[psycopg.AsyncConnection[dict[str, Any]]] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._opening: asyncio.Future[None] | None = None
        self.closed = False
        self.reads = 0  # statements run here (tests)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def usable(self) -> bool:
        return not self.closed and self._loop is asyncio.get_running_loop()

    async def fetch(self, sql: Any, params: Sequence[Any] | None) -> list[dict[str, Any]]:
        pool = await self._opened()
        async with pool.connection() as conn:
            cursor = await conn.execute(sql, params)
            found = await cursor.fetchall() if cursor.description else []
        self.reads += 1
        return found

    async def _opened(self) -> AsyncConnectionPool[psycopg.AsyncConnection[dict[str, Any]]]:
        if self._pool is not None:
            return self._pool
        if self._opening is None:  # the first caller opens it; the others wait for that
            self._opening = asyncio.ensure_future(self._open())
        opening = self._opening
        try:
            await asyncio.shield(opening)
        finally:
            if opening.done() and self._opening is opening:
                self._opening = None  # opened, or failed: the next read tries again
        assert self._pool is not None
        return self._pool

    async def _open(self) -> None:
        pool: AsyncConnectionPool[psycopg.AsyncConnection[dict[str, Any]]] = (
            AsyncConnectionPool(
                self._url, min_size=1, max_size=self._size, open=False,
                timeout=WAIT_FOR_CONNECTION,
                kwargs={"row_factory": dict_row, "autocommit": True},
                configure=_configure, check=quiet_since_returned_async,
                name="centralino-loop-read"))
        try:
            await pool.open(wait=True, timeout=WAIT_FOR_CONNECTION)
        except BaseException:
            await pool.close()
            raise
        if self.closed:  # closed while it opened
            await pool.close()
            raise psycopg.OperationalError("the store is closed")
        self._pool = pool

    async def close(self) -> None:
        """From the loop it was used on (PostgresBackend.close); from another, its loop is
        asked to close it if it still runs."""
        self.closed = True
        pool, self._pool = self._pool, None
        if pool is None or self._loop is None:
            return
        if self._loop is asyncio.get_running_loop():
            await pool.close()
        elif self._loop.is_running():
            asyncio.run_coroutine_threadsafe(pool.close(), self._loop)
