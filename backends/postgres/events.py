"""The change feed on PostgreSQL (docs/ARCHITECTURE.md): every write appends its events in its
own transaction (`append_event`); `PgFeedStorage` reads them back for the feed service.

Ids are given in commit order with no gaps, as on SQLite, so a reader that has seen id N has
seen everything before it: the first event of a transaction takes a transaction-level
advisory lock (held until commit or rollback) and then the next id, `max(id) + 1`. Each event
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
from backends.postgres import rows
from backends.postgres.connection import Conn, PgStore

EVENTS_LOCK = 0x45564E54  # "EVNT"
CHANNEL = "centralino_events"


def append_event(conn: Conn, kind: str, subject: str,
                 data: dict[str, Any] | None = None) -> int:
    conn.execute("SELECT pg_advisory_xact_lock(%s)", [EVENTS_LOCK])
    # the NOTIFY in the INSERT's own RETURNING: one round trip less per event (it is sent
    # at commit all the same)
    row = conn.execute(
        "INSERT INTO events (id, kind, subject, at, data) "
        "SELECT COALESCE(MAX(id), 0) + 1, %s, %s, %s, %s FROM events "
        "RETURNING id, pg_notify(%s, id::text)",
        [kind, subject, rows.now(), Jsonb(data or {}), CHANNEL]).fetchone()
    assert row is not None
    return int(row["id"])


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
