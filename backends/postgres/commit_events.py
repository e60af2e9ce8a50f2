"""A write transaction's events, written with its COMMIT in one round trip.

Event ids are gapless and in commit order (backends/postgres/events.py): the transaction that
appends an event takes a transaction-level advisory lock, held until its commit, and the next
id. Taken at the event, the lock was held through the rest of the work and the COMMIT's round
trip: each of them a wake-up of a worker thread that must win the GIL from a busy event loop
first, so under load every write waited in a queue behind the slowest (the load mix measured
56 ms of waiting per lock on average, the largest share of its p99). Here `PgStore.write_sync`
runs the work with the events held back (`deferring`), then sends the lock, each event's
INSERT and the COMMIT as one simple query (`flush`): the lock is held for the inserts and the
WAL flush only, with no Python in between, and the transaction makes two round trips fewer.
The events stay in the change's own transaction: a failure anywhere rolls both back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from psycopg import ClientCursor
from psycopg.types.json import Jsonb

if TYPE_CHECKING:  # connection.py imports this module
    from backends.postgres.connection import Conn

EVENTS_LOCK = 0x45564E54  # "EVNT"
CHANNEL = "centralino_events"
INSERT = (
    "INSERT INTO events (id, kind, subject, at, data) "
    "SELECT COALESCE(MAX(id), 0) + 1, %s, %s, %s, %s FROM events "
    "RETURNING id, pg_notify(%s, id::text)")


class Pending(NamedTuple):
    kind: str
    subject: str
    at: datetime
    data: Jsonb


_held = threading.local()  # the events of the write transaction running on this thread


@contextmanager
def deferring() -> Iterator[list[Pending]]:
    """While the work of a write transaction runs on this thread, its events are held back
    in the list this yields, for `flush`."""
    pending: list[Pending] = []
    _held.events = pending
    try:
        yield pending
    finally:
        _held.events = None


def hold(event: Pending) -> bool:
    """Keep `event` for the COMMIT of the write running on this thread; False when none is
    (a caller with a connection of its own writes it at once)."""
    pending: list[Pending] | None = getattr(_held, "events", None)
    if pending is None:
        return False
    pending.append(event)
    return True


def flush(conn: Conn, pending: list[Pending]) -> None:
    """The events' lock, their INSERTs and the COMMIT, in one round trip (one simple query:
    the values bound on this side). An error leaves the transaction to be rolled back."""
    query = "; ".join([f"SELECT pg_advisory_xact_lock({EVENTS_LOCK})",
                       *[INSERT] * len(pending), "COMMIT"])
    params: list[Any] = []
    for event in pending:
        params += [event.kind, event.subject, event.at, event.data, CHANNEL]
    with ClientCursor(conn) as cursor:
        cursor.execute(query, params)
