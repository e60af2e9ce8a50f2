"""Token issue and revoke are BEGIN IMMEDIATE transactions with bounded retries, on a real
SQLite file: a write lock held by another connection ends in a clear Unavailable, never a raw
sqlite3 error, and leaves the tokens as they were."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from backends.errors import Unavailable
from backends.server import authdb
from backends.server.provision import token_store

pytestmark = pytest.mark.sqlite_only(
    "SQLite's BEGIN IMMEDIATE and its write lock in the token store")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[authdb.TokenStore]:
    store = token_store(tmp_path / "tokens.db")
    yield store
    store.close()


def _traced(store: authdb.TokenStore) -> list[str]:
    statements: list[str] = []

    def trace(sql: str) -> None:
        # the token generation's triggers are traced again under their statement's text
        if not statements or statements[-1] != sql:
            statements.append(sql)

    store._conn.set_trace_callback(trace)
    return statements


def test_issue_and_revoke_run_inside_begin_immediate(store: authdb.TokenStore) -> None:
    statements = _traced(store)
    store.issue("anna")
    store.revoke("anna")
    words = [s.split()[0].upper() for s in statements]
    assert words == ["BEGIN", "INSERT", "COMMIT", "BEGIN", "UPDATE", "COMMIT"], statements
    assert all(s == "BEGIN IMMEDIATE" for s in statements if s.upper().startswith("BEGIN"))


def test_a_held_write_lock_gives_unavailable_and_changes_nothing(
        store: authdb.TokenStore, tmp_path: Path) -> None:
    store.issue("anna")
    store._conn.execute("PRAGMA busy_timeout = 20")  # keep the bounded retries short
    holder = sqlite3.connect(tmp_path / "tokens.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        with pytest.raises(Unavailable) as issued:
            store.issue("bruno")
        with pytest.raises(Unavailable):
            store.revoke("anna")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "busy" in issued.value.message
    assert not store._conn.in_transaction
    assert [(t.operator, t.revoked_at) for t in store.list()] == [("anna", None)]
    store.revoke("anna")  # the lock is gone: the same call now works
    assert store.list()[0].revoked_at is not None
