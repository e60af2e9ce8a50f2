"""TokenStore caches token records, yet a token revoked, deleted or issued by another
connection or process (the CLI, the other worker) takes effect on the very next lookup: every
lookup reads the token generation, which triggers on server_tokens bump."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlite_utils

from backends.people.models import Role
from backends.server import authdb
from backends.server.provision import token_store
from tests.http.harness import ServerProcess, provision

pytestmark = pytest.mark.sqlite_only(
    "the SQLite token store (authdb.TokenStore) and its file; PostgreSQL's PgTokenStore "
    "across servers: tests/postgres/test_two_servers.py")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tokens.db"


@pytest.fixture
def server_store(db_path: Path) -> Iterator[authdb.TokenStore]:
    """The store a server worker holds for its whole life."""
    store = token_store(db_path)
    yield store
    store.close()


@pytest.fixture
def cli_store(db_path: Path, server_store: authdb.TokenStore) -> Iterator[authdb.TokenStore]:
    """Another connection on the same file, as `centralino operator …` opens."""
    store = token_store(db_path)
    yield store
    store.close()


def _row_reads(store: authdb.TokenStore) -> list[str]:
    """The statements that read a token's row (by its hash), not just the generation."""
    reads: list[str] = []
    store._conn.set_trace_callback(lambda sql: reads.append(sql) if "hash" in sql else None)
    return reads


def _sql(db_path: Path, sql: str, args: list[object]) -> None:
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.execute(sql, args)
    finally:
        conn.close()


def test_a_cached_token_revoked_elsewhere_is_refused_on_the_next_lookup(
        server_store: authdb.TokenStore, cli_store: authdb.TokenStore) -> None:
    _, token = cli_store.issue("anna")
    first = server_store.lookup(token)
    reads = _row_reads(server_store)
    assert server_store.lookup(token) == first  # served from the cache: no row read
    assert first is not None and first.usable() and reads == []

    cli_store.revoke("anna")
    record = server_store.lookup(token)
    assert record is not None and record.revoked_at is not None and not record.usable()
    assert len(reads) == 1


def test_a_cached_token_deleted_elsewhere_is_unknown_on_the_next_lookup(
        db_path: Path, server_store: authdb.TokenStore, cli_store: authdb.TokenStore) -> None:
    token_id, token = cli_store.issue("anna")
    assert server_store.lookup(token) is not None
    assert server_store.lookup(token) is not None
    _sql(db_path, "DELETE FROM server_tokens WHERE id = ?", [token_id])
    assert server_store.lookup(token) is None


def test_a_token_issued_elsewhere_is_found_at_once(
        server_store: authdb.TokenStore, cli_store: authdb.TokenStore) -> None:
    _, known = cli_store.issue("anna")
    assert server_store.lookup(known) is not None  # the cache is filled
    _, token = cli_store.issue("bruno")
    record = server_store.lookup(token)
    assert record is not None and record.operator == "bruno" and record.usable()


def test_expiry_is_checked_on_every_request_even_when_cached(
        db_path: Path, server_store: authdb.TokenStore, cli_store: authdb.TokenStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, old = cli_store.issue("anna")
    _sql(db_path, "UPDATE server_tokens SET expires_at = ? WHERE operator = 'anna'",
         [(datetime.now(UTC) - timedelta(seconds=1)).isoformat()])
    expired = server_store.lookup(old)
    assert expired is not None and expired.revoked_at is None and not expired.usable()

    _, token = cli_store.issue("bruno", expires_days=1)
    cached = server_store.lookup(token)
    assert cached is not None and cached.usable()
    reads = _row_reads(server_store)
    later = datetime.now(UTC) + timedelta(days=1, seconds=1)
    monkeypatch.setattr(authdb, "_now", lambda: later)  # a day on, nothing else changed
    again = server_store.lookup(token)
    assert reads == [] and again is not None and not again.usable()


def test_unknown_tokens_are_not_cached_and_the_cache_is_bounded(
        server_store: authdb.TokenStore, cli_store: authdb.TokenStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(authdb, "CACHE_LIMIT", 3)
    tokens = [cli_store.issue(f"op{n}")[1] for n in range(5)]
    for n in range(50):
        assert server_store.lookup(f"cnt_guess_{n}") is None
    assert server_store._cache[1] == {}
    for token in tokens:
        assert server_store.lookup(token) is not None
        assert len(server_store._cache[1]) <= 3
    assert all(server_store.lookup(token) is not None for token in tokens)


def test_an_older_database_gets_the_generation_on_open(db_path: Path) -> None:
    conn = authdb.connect(db_path)
    authdb.migrations.apply(sqlite_utils.Database(conn), stop_before="0002_token_generation")
    conn.execute("INSERT INTO server_tokens (id, operator, hash, created_at) "
                 "VALUES ('t1', 'anna', ?, ?)",
                 [authdb.hash_token("cnt_old"), datetime.now(UTC).isoformat()])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "server_tokens" in tables and "server_token_generation" not in tables
    conn.close()

    server = token_store(db_path)
    cli = token_store(db_path)
    try:
        assert server.lookup("cnt_old") is not None
        cli.revoke("anna")
        record = server.lookup("cnt_old")
        assert record is not None and record.revoked_at is not None
    finally:
        server.close()
        cli.close()


def _cli(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from console.cli import main; main()", *args],
        env={**os.environ, "CENTRALINO_BACKEND": str(db_path)},
        capture_output=True, text=True, timeout=60)


async def test_revoke_in_the_cli_refuses_the_next_request_in_every_worker(
        tmp_path: Path) -> None:
    db_path = tmp_path / "site.db"
    token = (await asyncio.to_thread(provision, db_path, {"anna": Role.OPERATOR}))["anna"]
    server = await asyncio.to_thread(ServerProcess(db_path, workers=2).start)
    auth = {"Authorization": f"Bearer {token}"}
    # one kept-alive connection per client, opened one at a time: either worker may take each,
    # so with eight of them both workers almost always hold the token in their cache
    clients = [httpx.AsyncClient(base_url=server.url, headers=auth, timeout=30.0,
                                 limits=httpx.Limits(max_connections=1)) for _ in range(8)]
    try:
        for client in clients:
            assert (await client.get("/v1/operators")).status_code == 200
            await asyncio.sleep(0.02)
        for client in clients:  # used (so cached) just before the revocation
            assert (await client.get("/v1/operators")).status_code == 200
        revoked = await asyncio.to_thread(_cli, db_path, "operator", "revoke", "anna")
        assert revoked.returncode == 0, revoked.stderr
        after = [await client.get("/v1/operators") for client in clients]
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
        await asyncio.to_thread(server.stop)
    assert [r.status_code for r in after] == [401] * len(clients)
    assert all("revoked" in r.json()["message"] for r in after)
