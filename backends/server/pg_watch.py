"""What the server watches on PostgreSQL: the change feed (LISTEN for the ids of new events,
so a change made through another server reaches this one's event streams at once) and whether
the database takes writes (/readyz). The tokens and idempotency records are pg_state.py's.
See docs/ARCHITECTURE.md."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import psycopg

from backends.postgres.commit_events import CHANNEL

log = logging.getLogger("centralino.server")


async def accepts_writes(url: str) -> bool:
    """Whether a new session on this database may write: not a standby in recovery (after a
    failover the old primary may come back as one) and not read-only by default. Asked on a
    connection of its own, as a pool's next one would find it; False when it cannot ask."""
    try:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True,
                                                         connect_timeout=5) as conn:
            cursor = await conn.execute(
                "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'")
            row = await cursor.fetchone()
    except (psycopg.Error, OSError):
        return False
    return row is not None and not row[0]


class FeedListener:
    """LISTEN for the ids of new events; `wake()` on each. Reconnects after a failure (the
    database restarted or failed over); meanwhile the hub's polling carries the feed."""

    def __init__(self, url: str, wake: Callable[[], None]) -> None:
        self._url = url
        self._wake = wake
        self._task: asyncio.Task[None] | None = None
        self.heard = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="pg-feed-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self._url, autocommit=True, connect_timeout=10) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self._wake()  # anything written while not listening
                    async for _notify in conn.notifies():
                        self.heard += 1
                        self._wake()
            except (psycopg.Error, OSError) as exc:
                log.warning("change feed listener lost its connection (%s); retrying",
                            type(exc).__name__)
                await asyncio.sleep(1.0)
