"""A real SQLite file per test, seeded with a few customers, colleagues and operators."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence
from backends.protocol import Backend
from backends.registry import create_backend

COLLEAGUES = ("Anna Rossi", "Bence Nagy", "Ioana Pop")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


async def seed(backend: Backend, customers: int = 30) -> None:
    for n in range(customers):
        await backend.customers.create_customer(CustomerDraft(
            name=f"{'ABCDEFGIL'[n % 9]}customer {n}",
            phones=[f"+39333{1000000 + n:07d}"],
            email=f"c{n}@example.com" if n % 2 else None,
            tags=["VIP"] if n % 5 == 0 else [],
        ))
    for name in COLLEAGUES:
        await backend.people.upsert_directory_entry(DirectoryEntry(name=name, department="Sales"))
    await backend.people.upsert_directory_entry(
        DirectoryEntry(name="Billing desk", kind=DirectoryKind.DEPARTMENT))
    # at their desks: an announced transfer to someone offline is refused at once
    await backend.people.upsert_operator(Operator(name="tester", presence=Presence.AVAILABLE))
    await backend.people.upsert_operator(Operator(name="colleague",
                                                  presence=Presence.AVAILABLE))


async def open_store(path: Path) -> Backend:
    backend = create_backend(sqlite_url(path))
    await backend.open()
    return backend


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Backend]:
    backend = await open_store(tmp_path / "sim.db")
    await seed(backend)
    try:
        yield backend
    finally:
        await backend.close()
