"""Idempotency-Key handling: a retried write replays the stored result instead of running twice.

Records are scoped per operator (one operator's key never replays another's response), keyed by
the client's key, and checked against a hash of method, path and body: the same key with a
different request is refused. Only successful results are stored; a failed request may simply be
retried. Records expire after `ttl` seconds and are purged by the writer now and then.

The key is claimed before the request runs: a pending row (status 0) is inserted in one
BEGIN IMMEDIATE transaction, so two server processes (`serve --workers 2`) cannot both run a
request with one key. In this process a second request with the key waits for the first and
replays its result; one that finds another process's pending row gets 409 ("still in
progress"). A failed request removes its claim so a retry can run; a claim left by a crashed
process expires after `pending_ttl` seconds.

They live in a side file (authdb.idempotency_path), not in the backend's: a second writer on
the backend's file would take turns with the backend's write thread for SQLite's one write lock
(busy-waiting in between). Writes and lookups run on the event loop, each on a connection of
its own (one writer per connection): a hop to a thread and back waited for a turn of a busy loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import sqlite3
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from backends.errors import BackendError, Conflict, Invalid
from backends.i18n import _
from backends.private_files import prepare_database_file
from backends.server import authdb

T = TypeVar("T")
DEFAULT_TTL = 24 * 3600
# A claim older than this was left by a process that died mid-request (no request runs this
# long: backend calls time out well before), so another request may take the key over.
DEFAULT_PENDING_TTL = 120.0
PENDING = 0  # the status of a claimed key whose request is still running
PURGE_EVERY = 500  # stored records between two purges
log = logging.getLogger("centralino.server")


class KeyInProgress(Conflict):
    """Another server process is running a request with this key right now (HTTP 409)."""


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
    """Used from one event loop: lookups and writes run on it, on two connections of its own
    (writes wait for another process's lock without stopping the loop)."""

    # whether `_claim` alone answers what `_get` would (the record holding the key): then
    # a new key, the usual case, costs the claim only
    claim_first = False

    def __init__(self, path: Path, ttl: float = DEFAULT_TTL,
                 pending_ttl: float = DEFAULT_PENDING_TTL) -> None:
        self._path = path
        # it holds whole response bodies (customer records): 0600 before SQLite creates it
        # (0644 under umask 022), and its -wal and -shm take that mode from it
        prepare_database_file(path)
        self._reader = authdb.connect(path)
        authdb.migrate(self._reader, authdb.idempotency_migrations)
        self._ttl = ttl
        self._pending_ttl = pending_ttl
        self._writer = authdb.connect(path)
        self._inflight: dict[tuple[str, str], asyncio.Future[None]] = {}
        self._releases: set[asyncio.Task[None]] = set()
        self._since_purge = 0

    # -- writes ----------------------------------------------------------------------------------
    async def _claim(self, operator: str, key: str, req_hash: str, claim: str) -> Stored | None:
        """Claim the key for this request (None), or the live record that holds it."""
        def claim_key(conn: sqlite3.Connection) -> Stored | None:
            now = time.time()
            row = conn.execute(
                "SELECT request_hash, status, headers, body FROM server_idempotency "
                "WHERE operator = ? AND key = ? AND created_at >= "
                "CASE WHEN status = ? THEN ? ELSE ? END",
                [operator, key, PENDING, now - self._pending_ttl, now - self._ttl]).fetchone()
            if row is not None:
                return _stored(row)
            conn.execute(  # replaces only an expired record or an abandoned claim
                "INSERT OR REPLACE INTO server_idempotency "
                "(operator, key, request_hash, status, headers, body, created_at) "
                "VALUES (?, ?, ?, ?, ?, x'', ?)",
                [operator, key, req_hash, PENDING, claim, now])
            return None

        return await authdb.write_on_loop(self._writer, claim_key)

    async def _finish(self, operator: str, key: str, claim: str, stored: Stored) -> None:
        await authdb.write_on_loop(self._writer, lambda conn: conn.execute(
            "UPDATE server_idempotency SET status = ?, headers = ?, body = ?, created_at = ? "
            "WHERE operator = ? AND key = ? AND status = ? AND headers = ?",
            [stored.status, json.dumps(stored.headers), stored.body, time.time(),
             operator, key, PENDING, claim]))
        self._since_purge += 1
        if self._since_purge >= PURGE_EVERY:
            self._since_purge = 0
            await self.purge()

    async def _release(self, operator: str, key: str, claim: str) -> None:
        """Drop this request's claim (it failed), so a retry with the key can run."""
        try:
            await authdb.write_on_loop(self._writer, lambda conn: conn.execute(
                "DELETE FROM server_idempotency "
                "WHERE operator = ? AND key = ? AND status = ? AND headers = ?",
                [operator, key, PENDING, claim]))
        except (BackendError, sqlite3.Error) as exc:
            log.warning("idempotency claim not released (%s); it expires in %d s",
                        type(exc).__name__, self._pending_ttl)

    def _release_later(self, operator: str, key: str, claim: str) -> None:
        """A cancelled request may not await: its claim is released by a task of its own."""
        with contextlib.suppress(RuntimeError):  # no running loop: the claim just expires
            task = asyncio.get_running_loop().create_task(self._release(operator, key, claim))
            self._releases.add(task)
            task.add_done_callback(self._releases.discard)

    async def purge(self) -> int:
        now = time.time()
        return await authdb.write_on_loop(self._writer, lambda conn: conn.execute(
            "DELETE FROM server_idempotency WHERE created_at < ? "
            "OR (status = ? AND created_at < ?)",
            [now - self._ttl, PENDING, now - self._pending_ttl]).rowcount)

    def close(self) -> None:
        self._writer.close()
        self._reader.close()

    # -- event loop ------------------------------------------------------------------------------
    async def _get(self, operator: str, key: str) -> Stored | None:
        """The live record of the key: a finished result, or a claim that has not expired."""
        now = time.time()
        row = self._reader.execute(
            "SELECT request_hash, status, headers, body FROM server_idempotency "
            "WHERE operator = ? AND key = ? AND created_at >= "
            "CASE WHEN status = ? THEN ? ELSE ? END",
            [operator, key, PENDING, now - self._pending_ttl, now - self._ttl]).fetchone()
        return _stored(row) if row is not None else None

    async def run(self, operator: str, key: str, req_hash: str,
                  compute: Callable[[], Awaitable[Stored]]) -> tuple[Stored, bool]:
        """The stored result for (operator, key), or `compute()`'s, stored. Second item: replayed.

        Concurrent requests with one key in this process wait for the first instead of running
        twice; one that finds another process running the key gets KeyInProgress (409)."""
        if not key or len(key) > 200 or not key.isprintable():
            raise Invalid("Idempotency-Key", _("must be 1–200 printable characters"))
        slot = (operator, key)
        while (pending := self._inflight.get(slot)) is not None:
            await asyncio.shield(pending)
        # the slot is taken before the lookup: on a store whose lookup awaits (PostgreSQL),
        # a second request with the key must wait here, not race to the claim
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._inflight[slot] = done
        try:
            found = None if self.claim_first else await self._get(operator, key)
            if found is None:
                claim = json.dumps({"claim": uuid.uuid4().hex})
                found = await self._claim(operator, key, req_hash, claim)
                if found is None:
                    return await self._run_claimed(operator, key, req_hash, claim, compute), False
        finally:
            del self._inflight[slot]
            done.set_result(None)
        if found.request_hash != req_hash:
            raise Invalid("Idempotency-Key", _(
                "this key was already used for a different request; use a new key"))
        if found.status == PENDING:
            raise KeyInProgress(_(
                "a request with this Idempotency-Key is still in progress; retry later"))
        return found, True

    async def _run_claimed(self, operator: str, key: str, req_hash: str, claim: str,
                           compute: Callable[[], Awaitable[Stored]]) -> Stored:
        try:
            result = await compute()
        except Exception:
            await self._release(operator, key, claim)
            raise
        except BaseException:  # cancelled: release without waiting (nothing may be awaited)
            self._release_later(operator, key, claim)
            raise
        if not 200 <= result.status < 300:
            await self._release(operator, key, claim)
            return result
        stored = Stored(req_hash, result.status, result.headers, result.body)
        try:
            await self._finish(operator, key, claim, stored)
        except (BackendError, sqlite3.Error) as exc:
            # the write happened: answer it; the claim keeps retries out until it expires
            log.warning("idempotency result not stored (%s)", type(exc).__name__)
        return result


def _stored(row: sqlite3.Row) -> Stored:
    headers = json.loads(row[2]) if row[1] != PENDING else {}
    return Stored(row[0], row[1], headers, bytes(row[3]))
