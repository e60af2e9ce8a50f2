"""The change feed on PostgreSQL (docs/ARCHITECTURE.md): every write appends its events in its
own transaction (`append_event`); `PgFeedStorage` reads them back for the feed service.

Ids are given in commit order with no gaps, as on SQLite, so a reader that has seen id N has
seen everything before it: the first event of a transaction takes a transaction-level
advisory lock (held until commit or rollback) and then the next id, `max(id) + 1`, both
sent with the COMMIT (commit_events.py). Each event
also sends its id on the `centralino_events` channel (NOTIFY, delivered at commit), so a
server can wake its event streams at once; the table stays the truth (a notification is lost
when nobody listens, and `Last-Event-ID` catches up from the table).
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from psycopg.types.json import Jsonb

from backends.errors import Unavailable
from backends.feed.models import Event
from backends.feed.service import FeedService
from backends.postgres import commit_events, rows
from backends.postgres.commit_events import CHANNEL, EVENTS_LOCK, INSERT
from backends.postgres.connection import Conn, PgStore


def append_event(conn: Conn, kind: str, subject: str,
                 data: dict[str, Any] | None = None) -> None:
    """The event of a change, in the change's transaction. In a store's write transaction
    it is written with the COMMIT (commit_events.py: the id's lock is held for as short as
    can be); on a connection of the caller's own, at once."""
    event = commit_events.Pending(kind, subject, rows.now(), Jsonb(data or {}))
    if commit_events.hold(event):
        return
    conn.execute("SELECT pg_advisory_xact_lock(%s)", [EVENTS_LOCK])
    # the NOTIFY in the INSERT's own RETURNING (it is sent at commit all the same)
    conn.execute(INSERT, [*event, CHANNEL])


def _read(conn: Conn, after_id: int, limit: int) -> list[Event]:
    return [rows.event(r) for r in conn.execute(
        "SELECT * FROM events WHERE id > %s ORDER BY id LIMIT %s", [after_id, limit])]


def last_id(conn: Conn) -> int:
    row = conn.execute("SELECT COALESCE(MAX(id), 0) AS n FROM events").fetchone()
    return 0 if row is None else int(row["n"])


class PgFeedStorage:
    """`FeedStorage` on one PostgreSQL database."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    @property
    def closed(self) -> bool:
        return self._store.closed

    async def read_events(self, after_id: int, limit: int) -> list[Event]:
        return await self._store.statement(lambda conn: _read(conn, after_id, limit))

    async def last_event_id(self) -> int:
        return await self._store.statement(last_id)

    def newest_id_now(self) -> Future[int] | None:
        try:
            return self._store.submit_read(last_id)
        except (Unavailable, RuntimeError):
            return None  # closing: the feed ends at once


def service(store: PgStore, _region: str) -> FeedService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return FeedService(PgFeedStorage(store))
