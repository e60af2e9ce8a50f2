"""Fixtures for the ticket editor and transfer panel tests: a real SQLite file per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.protocol import Backend
from tests.ui_tickets.harness import sqlite_backend


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "centralino.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Backend]:
    backend = sqlite_backend(db_path)
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()


@pytest.fixture
async def other(db_path: Path, store: Backend) -> AsyncIterator[Backend]:
    """A second backend on the same file: another operator's console."""
    backend = sqlite_backend(db_path)
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()
