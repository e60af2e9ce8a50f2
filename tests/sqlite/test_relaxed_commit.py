"""Writes committed without a sync (`Store.write(..., durable=False)`, used by the campaigns'
hand-outs): the work runs with synchronous=NORMAL and is committed (another connection sees
it); every other write, before and after, and after one that failed, runs with FULL
(DESIGN.md), on the write thread and on the server's loop alike. Real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from backends.sqlite.connection import Store

FULL, NORMAL = 2, 1


def level(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA synchronous").fetchone()[0])


@pytest.mark.parametrize("on_loop", [False, True], ids=["thread", "loop"])
async def test_a_relaxed_write_commits_and_leaves_full_sync_behind(
        tmp_path: Path, on_loop: bool) -> None:
    store = Store(tmp_path / "store.db", on_loop=on_loop)
    store.start()
    try:
        await store.write(lambda conn: conn.execute("CREATE TABLE t (v INTEGER)"))

        def insert(conn: sqlite3.Connection) -> int:
            conn.execute("INSERT INTO t VALUES (1)")
            return level(conn)

        assert await store.write(insert, durable=False) == NORMAL
        assert await store.write(insert) == FULL

        def failing(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT INTO t VALUES (2)")
            raise ValueError("refused")

        with pytest.raises(ValueError):
            await store.write(failing, durable=False)
        assert await store.write(level) == FULL  # put back after the rollback too
        other = sqlite3.connect(tmp_path / "store.db")
        try:
            assert other.execute("SELECT v FROM t ORDER BY rowid").fetchall() == [(1,), (1,)]
        finally:
            other.close()
    finally:
        store.stop()
