"""Idempotency-Key handling: a retried write replays the stored result instead of running twice.

Records are scoped per operator (one operator's key never replays another's response), keyed by
the client's key, and checked against a hash of method, path and body: the same key with a
different request is refused. Only successful results are stored; a failed request may simply be
retried. Records expire after `ttl` seconds and are purged by the writer now and then.

They live in a side file (authdb.idempotency_path), not in the backend's: a second writer on
the backend's file would take turns with the backend's write thread for SQLite's one write lock
(busy-waiting in between). Writes go through one thread that owns its connection (DESIGN.md:
one writer); lookups run on the event loop's own connection (WAL readers never wait).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from backends.errors import Invalid
from backends.i18n import _
from backends.server import authdb

DEFAULT_TTL = 24 * 3600
PURGE_EVERY = 500  # stored records between two purges


@dataclass(frozen=True)
class Stored:
    request_hash: str
    status: int
    headers: dict[str, str]
    body: bytes


def request_hash(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), b"\0", path.encode(), b"\0", body):
        digest.update(part)
    return digest.hexdigest()


class IdempotencyStore:
    def __init__(self, path: Path, ttl: float = DEFAULT_TTL) -> None:
        self._path = path
        self._reader = authdb.connect(path)
        authdb.migrate(self._reader, authdb.idempotency_migrations)
        self._ttl = ttl
        self._writer: sqlite3.Connection | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="idempotency")
        self._inflight: dict[tuple[str, str], asyncio.Future[None]] = {}
        self._since_purge = 0

    # -- writer thread -------------------------------------------------------------------------
    def _put_sync(self, operator: str, key: str, stored: Stored) -> None:
        if self._writer is None:
            self._writer = authdb.connect(self._path)
        self._writer.execute(
            "INSERT OR REPLACE INTO server_idempotency "
            "(operator, key, request_hash, status, headers, body, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [operator, key, stored.request_hash, stored.status, json.dumps(stored.headers),
             stored.body, time.time()])
        self._since_purge += 1
        if self._since_purge >= PURGE_EVERY:
            self._since_purge = 0
            self._purge_sync()

    def _purge_sync(self) -> int:
        if self._writer is None:
            self._writer = authdb.connect(self._path)
        cur = self._writer.execute("DELETE FROM server_idempotency WHERE created_at < ?",
                                   [time.time() - self._ttl])
        return cur.rowcount

    async def purge(self) -> int:
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._purge_sync)

    def close(self) -> None:
        def shut() -> None:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

        self._pool.submit(shut).result()
        self._pool.shutdown(wait=True)
        self._reader.close()

    # -- event loop ------------------------------------------------------------------------------
    def _get(self, operator: str, key: str) -> Stored | None:
        row = self._reader.execute(
            "SELECT request_hash, status, headers, body FROM server_idempotency "
            "WHERE operator = ? AND key = ? AND created_at >= ?",
            [operator, key, time.time() - self._ttl]).fetchone()
        if row is None:
            return None
        return Stored(row[0], row[1], json.loads(row[2]), bytes(row[3]))

    async def run(self, operator: str, key: str, req_hash: str,
                  compute: Callable[[], Awaitable[Stored]]) -> tuple[Stored, bool]:
        """The stored result for (operator, key), or `compute()`'s, stored. Second item: replayed.

        Concurrent requests with one key wait for the first instead of running twice."""
        if not key or len(key) > 200 or not key.isprintable():
            raise Invalid("Idempotency-Key", _("must be 1–200 printable characters"))
        slot = (operator, key)
        while (pending := self._inflight.get(slot)) is not None:
            await asyncio.shield(pending)
        found = self._get(operator, key)
        if found is not None:
            if found.request_hash != req_hash:
                raise Invalid("Idempotency-Key", _(
                    "this key was already used for a different request; use a new key"))
            return found, True
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._inflight[slot] = done
        try:
            result = await compute()
            if 200 <= result.status < 300:
                stored = Stored(req_hash, result.status, result.headers, result.body)
                await asyncio.get_running_loop().run_in_executor(
                    self._pool, self._put_sync, operator, key, stored)
            return result, False
        finally:
            del self._inflight[slot]
            done.set_result(None)
