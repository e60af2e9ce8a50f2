"""The server's own state in PostgreSQL, for several servers on one database
(docs/ARCHITECTURE.md, "Several servers"): API tokens, idempotency records, and a listener of
the change feed's notifications. A server keeps nothing that matters on its own disk, so any
server may answer any request and an event stream resumes on any of them.

- `PgTokenStore`: the TokenStore of authdb.py on PostgreSQL, same interface and rules: only
  the SHA-256 of a token is stored; a generation that every change to a token, and to an
  operator's name or role, moves (triggers), checked by one point query per request, so a
  revocation through one server applies on every other from the next request.
- `PgIdempotencyStore`: the IdempotencyStore of idempotency.py with its claims and results in
  PostgreSQL: a key is claimed by one INSERT … ON CONFLICT that replaces only an expired
  record, so two servers cannot both run one request.
- `FeedListener`: LISTEN on the events channel (backends/postgres/events.py); each
  notification wakes the event hub at once. The table stays the truth: the hub still polls.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from backends.errors import BackendError, Invalid, NotFound, Unavailable
from backends.i18n import _
from backends.postgres.connection import quiet_since_returned
from backends.postgres.loop_reads import quiet_since_returned_async
from backends.server.authdb import CACHE_LIMIT, TOKEN_PREFIX, TokenRecord, _now, hash_token
from backends.server.idempotency import (
    DEFAULT_PENDING_TTL,
    DEFAULT_TTL,
    PENDING,
    IdempotencyStore,
    Stored,
)
from backends.server.pg_freshness import Freshness, Generations

T = TypeVar("T")
log = logging.getLogger("centralino.server")
SERVER_LOCK = 0x53525652  # "SRVR": advisory lock of the server's migrations
GENERATION = "SELECT n FROM server_token_generation WHERE id = 1"
# a token not in the cache: its row (or none) and the generation, in one statement
MISS_COLUMNS = ("generation", "id", "operator", "role", "hash", "created_at", "expires_at",
                "revoked_at")
MISS = ("SELECT g.n AS generation, t.id, t.operator, t.role, t.hash, t.created_at, "
        "t.expires_at, t.revoked_at FROM server_token_generation AS g "
        "LEFT JOIN server_tokens AS t ON t.hash = %s WHERE g.id = 1")

SERVER_TABLES = [
    """CREATE TABLE IF NOT EXISTS server_tokens (
        id text PRIMARY KEY,
        operator text NOT NULL,
        role text,
        hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz)""",
    "CREATE INDEX IF NOT EXISTS server_tokens_operator ON server_tokens (operator)",
    """CREATE TABLE IF NOT EXISTS server_token_generation (
        id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL)""",
    "INSERT INTO server_token_generation (id, n) VALUES (1, 0) ON CONFLICT DO NOTHING",
    """CREATE OR REPLACE FUNCTION server_bump_token_generation() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE server_token_generation SET n = n + 1 WHERE id = 1;
         RETURN NULL;
       END $$""",
    "DROP TRIGGER IF EXISTS server_tokens_generation ON server_tokens",
    "CREATE TRIGGER server_tokens_generation AFTER INSERT OR UPDATE OR DELETE "
    "ON server_tokens FOR EACH STATEMENT EXECUTE FUNCTION server_bump_token_generation()",
    # an operator's name or role: the cached roles of every server are checked by the same
    # point query as the cached tokens (presence and profile edits leave them alone)
    "DROP TRIGGER IF EXISTS server_operators_role_au ON operators",
    "CREATE TRIGGER server_operators_role_au AFTER UPDATE OF name, role ON operators "
    "FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.role IS DISTINCT FROM "
    "NEW.role) EXECUTE FUNCTION server_bump_token_generation()",
    "DROP TRIGGER IF EXISTS server_operators_role_aid ON operators",
    "CREATE TRIGGER server_operators_role_aid AFTER INSERT OR DELETE ON operators "
    "FOR EACH STATEMENT EXECUTE FUNCTION server_bump_token_generation()",
    """CREATE TABLE IF NOT EXISTS server_idempotency (
        operator text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status integer NOT NULL,
        headers text NOT NULL,
        body bytea NOT NULL,
        created_at double precision NOT NULL,
        PRIMARY KEY (operator, key))""",
    "CREATE INDEX IF NOT EXISTS server_idempotency_age ON server_idempotency (created_at)",
]


def _unavailable(exc: BaseException) -> Unavailable:
    """Said to clients: the driver's words (which name the database's address) go to the
    server's log only, as their kind."""
    log.warning("the server's database failed: %s", type(exc).__name__)
    return Unavailable(_("the server's database cannot be used right now; try again shortly"))


def prepare(conn: psycopg.Connection[Any]) -> None:
    """Create the server's tables and triggers (idempotent; one server at a time)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [SERVER_LOCK])
        for statement in SERVER_TABLES:
            conn.execute(statement)


def _record(row: dict[str, Any]) -> TokenRecord:
    # in UTC whichever session read it (the async pool's keeps the server's time zone)
    def utc(value: datetime | None) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    return TokenRecord(row["id"], row["operator"], row["role"], row["created_at"].astimezone(UTC),
                       utc(row["expires_at"]), utc(row["revoked_at"]))


class PgTokenStore:
    """authdb.TokenStore on PostgreSQL: one connection of its own (autocommit), used from one
    thread (the server's event loop, or the CLI); a lost connection is made again once.
    `reads`: the server's async pool (PgIdempotencyStore), on which the generation check of
    every request runs on the event loop itself: through a worker thread it cost a thread
    hop per read (a wake-up of another thread and the GIL handed over twice). The check is
    the server's one read of every generation (pg_freshness.py), shared with the answer
    cache's."""

    def __init__(self, url: str, reads: PgIdempotencyStore | None = None) -> None:
        self._url = url
        self._reads = reads
        self.freshness = Freshness(reads.fetch) if reads is not None else None
        self._conn = self._connect()
        try:
            prepare(self._conn)
        except psycopg.Error as exc:
            self._conn.close()
            raise _unavailable(exc) from None
        self._cache: tuple[int | None, dict[str, TokenRecord]] = (None, {})
        self._lock = threading.Lock()

    def _connect(self) -> psycopg.Connection[dict[str, Any]]:
        try:
            conn = psycopg.connect(self._url, autocommit=True, row_factory=dict_row,
                                   connect_timeout=10)
        except psycopg.Error as exc:
            raise _unavailable(exc) from None
        conn.execute("SET TIME ZONE 'UTC'")
        return conn

    def _run(self, work: Callable[[psycopg.Connection[dict[str, Any]]], T]) -> T:
        # one user at a time, whole: the shared generation read runs on a worker thread, and
        # the quiet check would take its pending answer for a closed connection
        with self._lock:
            return self._run_alone(work)

    def _run_alone(self, work: Callable[[psycopg.Connection[dict[str, Any]]], T]) -> T:
        try:
            quiet_since_returned(self._conn)
        except psycopg.OperationalError:
            self._conn.close()
            self._conn = self._connect()  # the database restarted or failed over
        for attempt in range(2):
            try:
                return work(self._conn)
            except psycopg.OperationalError as exc:
                if attempt or (not self._conn.closed and not self._conn.broken):
                    raise _unavailable(exc) from None
                self._conn = self._connect()  # the database came back (or failed over)
            except psycopg.Error as exc:
                raise _unavailable(exc) from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._conn.close()

    @property
    def generation(self) -> int | None:
        return self._cache[0]

    def current_generation(self) -> int:
        row = self._run(lambda c: c.execute(GENERATION).fetchone())
        return int(row["n"]) if row else 0

    async def current_generation_async(self) -> int:
        """The generation read from the event loop without blocking it (the event hub's
        check at each tick)."""
        return await self._current_generation_async()

    async def _current_generation_async(self) -> int:
        if self.freshness is None:
            return await asyncio.to_thread(self.current_generation)
        return (await self.freshness()).tokens

    def issue(self, operator: str, expires_days: int | None = 90,
              service_role: str | None = None) -> tuple[str, str]:
        if expires_days is not None and not 1 <= expires_days <= 3650:
            raise Invalid("expires_days", _("must be between 1 and 3650 days"))
        token_id = secrets.token_hex(4)
        token = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        now = _now()
        expires = now + timedelta(days=expires_days) if expires_days else None
        self._run(lambda c: c.execute(
            "INSERT INTO server_tokens (id, operator, role, hash, created_at, expires_at) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [token_id, operator, service_role, hash_token(token), now, expires]))
        return token_id, token

    def knows(self, token: str) -> bool:
        """Whether the token's record is cached (it was valid when read; the generation
        check says whether it still is)."""
        return hash_token(token) in self._cache[1]

    async def lookup_async(self, token: str, fresh: Generations | None = None
                           ) -> TokenRecord | None:
        """`lookup` from the event loop: a cached record waits, off the loop, for a token
        generation read sent after this call began and shared with the requests arriving
        meanwhile (pg_freshness.py), or takes the one in `fresh`, read after the request
        began; a miss reads row and generation in one statement on the same pool (a blocking
        query on the loop stopped every request)."""
        key = hash_token(token)
        cached_at, records = self._cache
        record = records.get(key)
        if record is not None:
            if fresh is None:
                fresh = await self.freshness() if self.freshness is not None else None
            current = fresh.tokens if fresh is not None else await asyncio.to_thread(
                self.current_generation)
            if current == cached_at:
                return record
        if self._reads is None:
            return self.lookup(token)
        found = await self._reads.fetch(MISS, [key])
        return self._remember(key, dict(zip(MISS_COLUMNS, found[0], strict=True))
                              if found else None)

    def lookup(self, token: str) -> TokenRecord | None:
        """As authdb.TokenStore.lookup: a cached record is served only after one point query
        shows the generation unchanged; a miss reads row and generation in one statement."""
        key = hash_token(token)
        cached_at, records = self._cache
        record = records.get(key)
        if record is not None and self.current_generation() == cached_at:
            return record
        return self._remember(key, self._run(lambda c: c.execute(MISS, [key]).fetchone()))

    def _remember(self, key: str, row: dict[str, Any] | None) -> TokenRecord | None:
        """The record of a miss's row (None: no such token), cached under the generation
        read with it; a newer generation starts the cache afresh."""
        if row is None:
            return None
        cached_at, records = self._cache
        if row["generation"] != cached_at:
            records = {}
            self._cache = (row["generation"], records)
        if row["hash"] is None:
            return None
        record = _record(row)
        if len(records) >= CACHE_LIMIT:
            records.clear()
        records[key] = record
        return record

    def list(self, operator: str | None = None) -> list[TokenRecord]:
        sql, args = "SELECT * FROM server_tokens", []
        if operator:
            sql, args = sql + " WHERE operator = %s", [operator]
        return [_record(r) for r in self._run(
            lambda c: c.execute(sql + " ORDER BY created_at", args).fetchall())]

    def revoke(self, name_or_id: str) -> int:
        count = self._run(lambda c: c.execute(
            "UPDATE server_tokens SET revoked_at = %s WHERE revoked_at IS NULL "
            "AND (operator = %s OR id = %s)", [_now(), name_or_id, name_or_id]).rowcount)
        if count == 0:
            raise NotFound(_("no live token for operator or token id '{what}'").format(
                what=name_or_id))
        return count


async def _commit_without_waiting(conn: psycopg.AsyncConnection[Any]) -> None:
    """A claim and a stored answer commit without waiting for the WAL to reach the disk (two
    flushes per write fewer). Other servers see them at once all the same; what a crash of
    the database may lose is their last fraction of a second, and the write itself cannot
    be lost or repeated: its applied-request mark commits with it, durably (connection.py),
    so a retry of a write whose answer went with the crash is refused (AlreadyApplied)."""
    await conn.execute("SET synchronous_commit = off")


class PgIdempotencyStore(IdempotencyStore):
    """IdempotencyStore with its records in PostgreSQL, on a small pool of its own. A key
    is claimed without looking it up first: the claim takes only a free or expired key, and
    when it does not, `_claim` reads the record that holds it (one round trip for the usual
    new key, where the look-up and the claim were two)."""

    claim_first = True

    def __init__(self, url: str, ttl: float = DEFAULT_TTL,
                 pending_ttl: float = DEFAULT_PENDING_TTL) -> None:
        self._ttl = ttl
        self._pending_ttl = pending_ttl
        self._pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] = AsyncConnectionPool(
            url, min_size=1, max_size=6, open=False, timeout=10,
            kwargs={"autocommit": True}, configure=_commit_without_waiting,
            check=quiet_since_returned_async, name="centralino-idempotency")
        self._opened = False
        self._inflight: dict[tuple[str, str], asyncio.Future[None]] = {}
        self._releases: set[asyncio.Task[None]] = set()
        self._since_purge = 0

    async def _execute(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        if not self._opened:
            await self._pool.open(wait=True)
            self._opened = True
        try:
            async with self._pool.connection() as conn:
                cursor = await conn.execute(sql, params)
                return await cursor.fetchall() if cursor.description else [
                    (cursor.rowcount,)]
        except BackendError:
            raise
        except (psycopg.Error, OSError) as exc:
            raise _unavailable(exc) from None

    async def fetch(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        """The rows of one statement on this pool (autocommit), from the event loop: the
        token store's generation check shares the pool."""
        return await self._execute(sql, params)

    _LIVE = ("created_at >= CASE WHEN status = %s THEN %s::float8 ELSE %s::float8 END")

    async def _get(self, operator: str, key: str) -> Stored | None:
        now = time.time()
        found = await self._execute(
            "SELECT request_hash, status, headers, body FROM server_idempotency "
            f"WHERE operator = %s AND key = %s AND {self._LIVE}",
            [operator, key, PENDING, now - self._pending_ttl, now - self._ttl])
        return _stored(found[0]) if found else None

    async def _claim(self, operator: str, key: str, req_hash: str, claim: str) -> Stored | None:
        now = time.time()
        taken = await self._execute(  # replaces only an expired record or an abandoned claim
            "INSERT INTO server_idempotency AS s "
            "(operator, key, request_hash, status, headers, body, created_at) "
            "VALUES (%s, %s, %s, %s, %s, '', %s) ON CONFLICT (operator, key) DO UPDATE SET "
            "request_hash = excluded.request_hash, status = excluded.status, "
            "headers = excluded.headers, body = excluded.body, created_at = excluded.created_at "
            "WHERE s.created_at < CASE WHEN s.status = %s THEN %s::float8 ELSE %s::float8 END "
            "RETURNING 1",
            [operator, key, req_hash, PENDING, claim, now, PENDING, now - self._pending_ttl,
             now - self._ttl])
        if taken:
            return None
        return await self._get(operator, key) or Stored(req_hash, PENDING, {}, b"")

    async def _finish(self, operator: str, key: str, claim: str, stored: Stored) -> None:
        await self._execute(
            "UPDATE server_idempotency SET status = %s, headers = %s, body = %s, "
            "created_at = %s WHERE operator = %s AND key = %s AND status = %s AND headers = %s",
            [stored.status, json.dumps(stored.headers), stored.body, time.time(), operator, key,
             PENDING, claim])
        self._since_purge += 1
        if self._since_purge >= 500:
            self._since_purge = 0
            await self.purge()

    async def _release(self, operator: str, key: str, claim: str) -> None:
        try:
            await self._execute(
                "DELETE FROM server_idempotency WHERE operator = %s AND key = %s "
                "AND status = %s AND headers = %s", [operator, key, PENDING, claim])
        except BackendError as exc:
            log.warning("idempotency claim not released (%s); it expires in %d s",
                        type(exc).__name__, self._pending_ttl)

    async def purge(self) -> int:
        now = time.time()
        done = await self._execute(
            "DELETE FROM server_idempotency WHERE created_at < %s "
            "OR (status = %s AND created_at < %s)",
            [now - self._ttl, PENDING, now - self._pending_ttl])
        return int(done[0][0]) if done else 0

    def close(self) -> None:
        """The pool is closed by `aclose` (ServerContext.stop awaits it)."""

    async def aclose(self) -> None:
        await self._pool.close()


def _stored(row: tuple[Any, ...]) -> Stored:
    headers = json.loads(row[2]) if row[1] != PENDING else {}
    return Stored(row[0], row[1], headers, bytes(row[3]))
