"""The server's own tables: API tokens in the backend's SQLite file (so one backup holds them),
idempotency records in a side file next to it (`<name>.idempotency.db`: short-lived, written on
every create, and kept apart so their commits never queue behind the backend's write lock).

Each is created by this module's own sqlite-utils migration set, never by the backend's.

Tokens are 256-bit random strings; only their SHA-256 is stored. A slow password hash (bcrypt,
argon2) defends low-entropy secrets against guessing; a random 256-bit token cannot be guessed
whatever the hash speed, and a fast hash lets every request be checked by one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import sqlite_utils
from sqlite_utils.migrations import Migrations

from backends.errors import Invalid, NotFound, Unavailable
from backends.i18n import _
from backends.sqlite import transactions
from backends.sqlite.transactions import is_busy, write_blocking

T = TypeVar("T")
TOKEN_PREFIX = "cnt_"
BUSY_TIMEOUT_MS = 5000
CACHE_LIMIT = 10_000  # cached token records per TokenStore; the cache is emptied when full
WRITE_ATTEMPTS = 3  # whole transactions tried on SQLITE_BUSY before giving up with Unavailable
migrations = Migrations("centralino_server")
idempotency_migrations = Migrations("centralino_idempotency")


@migrations(name="0001_tokens")
def _tokens(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE IF NOT EXISTS server_tokens (
            id TEXT PRIMARY KEY,
            operator TEXT NOT NULL,
            role TEXT,
            hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            revoked_at TEXT
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS server_tokens_operator ON server_tokens(operator)")


@migrations(name="0002_token_generation")
def _token_generation(db: sqlite_utils.Database) -> None:
    """A counter that any change to server_tokens bumps, by whichever process or tool makes it
    (triggers, not code): TokenStore's cache reads it on every lookup to know it is current."""
    db.execute("""
        CREATE TABLE IF NOT EXISTS server_token_generation (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            n INTEGER NOT NULL
        )""")
    db.execute("INSERT OR IGNORE INTO server_token_generation (id, n) VALUES (1, 0)")
    for event, suffix in (("INSERT", "ai"), ("UPDATE", "au"), ("DELETE", "ad")):
        db.execute(f"""
            CREATE TRIGGER IF NOT EXISTS server_tokens_generation_{suffix}
            AFTER {event} ON server_tokens
            BEGIN
                UPDATE server_token_generation SET n = n + 1 WHERE id = 1;
            END""")


# Role changes move the token generation too, so the server's cached roles (ServerContext)
# are checked by the same point query as its cached tokens, and a demotion made by any
# process applies from the very next request. The operators table is the backend's: these
# triggers are (re)created by every server start (watch_operator_roles), so a backend
# migration that rebuilds the table cannot leave a server without them. Only real changes
# of a name or role count: presence and profile edits leave the caches alone.
_ROLE_TRIGGERS = {
    "server_operators_role_au": "AFTER UPDATE OF name, role ON operators "
                                "WHEN OLD.name IS NOT NEW.name OR OLD.role IS NOT NEW.role",
    "server_operators_role_ai": "AFTER INSERT ON operators",
    "server_operators_role_ad": "AFTER DELETE ON operators",
}


def watch_operator_roles(conn: sqlite3.Connection) -> None:
    """Create the role triggers if the file has an operators table and lacks any of them."""
    present = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'operators'")}
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                             "AND name = 'operators'").fetchone()
    if not has_table or present >= _ROLE_TRIGGERS.keys():
        return

    def create(conn: sqlite3.Connection) -> None:
        for name, when in _ROLE_TRIGGERS.items():
            conn.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN "
                         "UPDATE server_token_generation SET n = n + 1 WHERE id = 1; END")

    write(conn, create)


@idempotency_migrations(name="0001_idempotency")
def _idempotency(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE IF NOT EXISTS server_idempotency (
            operator TEXT NOT NULL,
            key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            status INTEGER NOT NULL,
            headers TEXT NOT NULL,
            body BLOB NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (operator, key)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX IF NOT EXISTS server_idempotency_age "
               "ON server_idempotency(created_at)")


def connect(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A connection with the pragmas every SQLite connection here gets (WAL, FULL sync, a
    busy timeout, foreign keys); autocommit mode."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise Unavailable(_("{path} cannot be opened ({why})").format(path=path, why=exc)) from None
    conn.row_factory = sqlite3.Row
    return conn


def busy_to_unavailable(exc: sqlite3.Error) -> BaseException:
    """What a caller sees when a write fails: Unavailable once SQLITE_BUSY outlasted every
    try, any other database error as it is."""
    if is_busy(exc):
        return Unavailable(_("the server's database is busy; try again shortly"))
    return exc


def write(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T],
          attempts: int = WRITE_ATTEMPTS) -> T:
    """`work(conn)` in one BEGIN IMMEDIATE transaction (a deferred read-then-write
    can fail half-way under contention); the whole transaction is retried a bounded number of
    times on SQLITE_BUSY, then Unavailable. `conn` must be in autocommit mode (connect())."""
    return write_blocking(conn, work, attempts, busy_to_unavailable)


async def write_on_loop(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T],
                        attempts: int = WRITE_ATTEMPTS) -> T:
    """`write` for the server's event loop: another process's lock is waited for without
    stopping the loop (backends.sqlite.transactions)."""
    return await transactions.write_on_loop(conn, work, attempts, BUSY_TIMEOUT_MS,
                                            busy_to_unavailable)


def idempotency_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.stem}.idempotency.db")


def migrate(conn: sqlite3.Connection, which: Migrations = migrations) -> None:
    """Create the tables if missing; one BEGIN IMMEDIATE so two starts cannot race."""

    def apply(conn: sqlite3.Connection) -> None:
        db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
        if which.pending(db):
            which.apply(db)

    write(conn, apply)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TokenRecord:
    id: str
    operator: str
    role: str | None  # set only on service tokens (a program, not an operator of the store)
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def usable(self, now: datetime | None = None) -> bool:
        now = now or _now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


def _record(row: sqlite3.Row) -> TokenRecord:
    def ts(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    return TokenRecord(row["id"], row["operator"], row["role"], ts(row["created_at"]) or _now(),
                       ts(row["expires_at"]), ts(row["revoked_at"]))


class TokenStore:
    """Issue, look up and revoke tokens. Synchronous: the CLI calls it directly, the server from
    its event loop for the (indexed, WAL, non-blocking) lookups only."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        # (generation, token hash -> record): replaced as a whole when the generation moves,
        # so a record only ever sits in the dict of the generation it was read at
        self._cache: tuple[int | None, dict[str, TokenRecord]] = (None, {})

    def close(self) -> None:
        self._conn.close()

    @property
    def generation(self) -> int | None:
        """The token generation as the last lookup read it (None before the first)."""
        return self._cache[0]

    def current_generation(self) -> int:
        """The token generation now: it moves with every change to a token, and to an
        operator's name or role once the server has watched the operators table."""
        return int(self._conn.execute(
            "SELECT n FROM server_token_generation WHERE id = 1").fetchone()[0])

    def issue(self, operator: str, expires_days: int | None = 90,
              service_role: str | None = None) -> tuple[str, str]:
        """A new token for `operator`: (token id, the token itself — shown once, never stored).

        With `service_role`, a service token: the name is a program's (a PBX bridge, the
        simulator), not an operator of the store, and the role travels with the token."""
        if expires_days is not None and not 1 <= expires_days <= 3650:
            raise Invalid("expires_days", _("must be between 1 and 3650 days"))
        token_id = secrets.token_hex(4)
        token = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        now = _now()
        expires = (now + timedelta(days=expires_days)).isoformat() if expires_days else None
        write(self._conn, lambda conn: conn.execute(
            "INSERT INTO server_tokens (id, operator, role, hash, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [token_id, operator, service_role, hash_token(token), now.isoformat(), expires]))
        return token_id, token

    def lookup(self, token: str) -> TokenRecord | None:
        """The token's record (revoked and expired ones too: the caller says which), or None.

        Records of known tokens are cached, filed under the token generation they were read
        at; any insert, update or delete of a token, by any process, bumps the generation (a
        trigger), so a cached record is served only after one point query shows the generation
        unchanged, and a revocation applies from the very next lookup. On a miss the row and
        the generation come from one statement, hence one snapshot: a row is never filed under
        a generation newer than itself (reading the row before the generation could do that).
        Unknown tokens are not cached, and the cache is bounded, so random tokens cannot grow
        it, and they cost one statement as before."""
        key = hash_token(token)
        cached_at, records = self._cache
        record = records.get(key)
        if record is not None and self._conn.execute(
                "SELECT n FROM server_token_generation WHERE id = 1").fetchone()[0] == cached_at:
            return record
        row = self._conn.execute(
            "SELECT g.n, t.* FROM server_token_generation AS g "
            "LEFT JOIN server_tokens AS t ON t.hash = ? WHERE g.id = 1", [key]).fetchone()
        if row["n"] != cached_at:  # the tokens changed: whatever was cached may be stale
            records = {}
            self._cache = (row["n"], records)
        if row["hash"] is None:  # no such token (hash is NOT NULL in every stored row)
            return None
        record = _record(row)
        if len(records) >= CACHE_LIMIT:
            records.clear()
        records[key] = record
        return record

    def list(self, operator: str | None = None) -> list[TokenRecord]:
        sql, args = "SELECT * FROM server_tokens", []
        if operator:
            sql, args = sql + " WHERE operator = ?", [operator]
        return [_record(r) for r in self._conn.execute(sql + " ORDER BY created_at", args)]

    def revoke(self, name_or_id: str) -> int:
        """Revoke every live token of an operator, or one token by id; the count revoked."""
        def revoke_live(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "UPDATE server_tokens SET revoked_at = ? WHERE revoked_at IS NULL "
                "AND (operator = ? OR id = ?)", [_now().isoformat(), name_or_id, name_or_id])
            return cur.rowcount

        count = write(self._conn, revoke_live)
        if count == 0:
            raise NotFound(_("no live token for operator or token id '{what}'").format(
                what=name_or_id))
        return count
