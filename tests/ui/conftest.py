"""The console's UI tests share one fixture: a real SQLite store on a fresh file, opened by the
test (the app is started with opened=True, so it neither opens nor closes it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.protocol import Backend
from tests.ui.helpers import sqlite_backend


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Backend]:
    backend = sqlite_backend(tmp_path / "console.db")
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()
