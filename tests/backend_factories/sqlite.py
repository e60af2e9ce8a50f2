"""The SQLite backend on a fresh file in the test's temporary folder (a real database)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from backends.sqlite import SqliteBackend


@asynccontextmanager
async def make(tmp_path: Path, request: pytest.FixtureRequest | None = None
               ) -> AsyncIterator[SqliteBackend]:
    backend = SqliteBackend(tmp_path / "store.db", region="IT")
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()
