"""Lookups run on the caller's event loop, each within a time budget.

A type-ahead or caller-ID lookup takes 0.1-4 ms at a million customers. Handing it to a
thread and back costs two wake-ups by the OS: 0.4-0.8 ms at p50 and up to 1.3 ms at p95 on
a busy 2-core machine, a quarter of the 5 ms a keystroke's lookup may take. Run on the loop,
a lookup holds the console's screen still while it runs, so each statement is watched by a
progress handler: past the budget it is interrupted, the read transaction ends, and the
caller runs the lookup again on the lookup thread. The screen is never held for much more
than the budget, and a slow lookup ("maria rossi" when no such customer exists: 10-20 ms)
costs the budget more than it would have.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

LOOKUP_BUDGET_MS = 8.0  # half a frame at 60 Hz: a keystroke's echo is never held longer
PROGRESS_STEPS = 1000  # SQLite VM steps between two looks at the clock (tens of us)


class OverBudget(Exception):
    """The lookup did not finish within the budget; nothing of it is kept."""


class BudgetedReader:
    """One connection used by one thread (the first to call `read`), each read bounded."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], budget_ms: float) -> None:
        self._connect = connect
        self.budget = budget_ms / 1000
        self._conn: sqlite3.Connection | None = None
        self._owner: int | None = None
        self.closed = False
        self._deadline = 0.0
        self._interrupted = False
        self.over_budget = 0  # lookups handed to the thread so far (tests and benchmarks)

    def usable_here(self) -> bool:
        """Only the thread that first used it (the event loop's): a connection is not to be
        shared between threads mid-transaction."""
        return not self.closed and (self._owner is None or self._owner == threading.get_ident())

    def _late(self) -> bool:
        if time.perf_counter() > self._deadline:
            self._interrupted = True
            return True
        return False

    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._owner = threading.get_ident()
            self._conn = self._connect()
            self._conn.set_progress_handler(self._late, PROGRESS_STEPS)
        return self._conn

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """`fn` in one read transaction, or OverBudget once the budget has run out during a
        statement. Any other sqlite3.Error is the caller's to translate."""
        conn = self.connection()
        self._interrupted = False
        self._deadline = time.perf_counter() + self.budget
        try:
            conn.execute("BEGIN")
            try:
                result = fn(conn)
            finally:
                self._deadline = float("inf")  # ending the transaction is never interrupted
                if conn.in_transaction:
                    conn.execute("COMMIT")
        except sqlite3.OperationalError:
            if self._interrupted:
                self.over_budget += 1
                raise OverBudget from None
            raise
        if self._interrupted:  # `fn` caught the interruption itself: its result may be partial
            self.over_budget += 1
            raise OverBudget
        return result

    def close(self) -> None:
        """Close the connection; later reads go to the lookup thread. Call it on the owning
        thread (the loop): there no lookup can be running at that moment."""
        self.closed = True
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()
