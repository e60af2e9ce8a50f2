"""The SQLite side of backends/applied_once.py: a request's mark is a row of
`applied_requests`, written in the first write transaction made under it."""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from backends.applied_once import CURRENT, AlreadyApplied, RequestMark

T = TypeVar("T")
# As long as the server keeps answers to retries (server/idempotency.py DEFAULT_TTL); a mark
# older than this no longer refuses its key.
TTL = 24 * 3600.0
PURGE_EVERY = 500  # marks written between two purges of the expired ones
_written = itertools.count(1)


def carrying_mark(fn: Callable[[sqlite3.Connection], T]
                  ) -> tuple[Callable[[sqlite3.Connection], T], RequestMark | None]:
    """`fn`, preceded in its transaction by the current request's mark (if there is one and
    no earlier write of the request has committed it); and that mark."""
    mark = CURRENT.get()
    if mark is None or mark.applied:
        return fn, None

    def marked(conn: sqlite3.Connection) -> T:
        now = time.time()
        written = conn.execute(
            "INSERT INTO applied_requests (scope, key, at) VALUES (?, ?, ?) "
            "ON CONFLICT (scope, key) DO UPDATE SET at = excluded.at "
            "WHERE applied_requests.at < ?", [mark.scope, mark.key, now, now - TTL]).rowcount
        if written == 0:
            raise AlreadyApplied()  # the transaction is rolled back: nothing changes
        if next(_written) % PURGE_EVERY == 0:
            conn.execute("DELETE FROM applied_requests WHERE at < ?", [now - TTL])
        return fn(conn)

    return marked, mark
