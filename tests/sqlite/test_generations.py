"""Generations (migration 0005): every change to customers or the directory raises its number
in the same transaction, and nothing else does; bulk loads raise it once, and a failed one
changes nothing. The server's answer cache trusts exactly this (tests/http/test_answer_cache.py
checks the answers themselves)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.errors import Invalid, NotFound
from backends.people.models import DirectoryEntry
from backends.sqlite import SqliteBackend
from backends.tickets.inputs import TicketDraft

TRIGGERS = sorted(f"{table}_{change}_generation"
                  for table in ("customers", "directory", "customers_search")
                  for change in ("insert", "update", "delete"))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    backend = SqliteBackend(tmp_path / "generations.db")
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()


def triggers(store: SqliteBackend) -> list[str]:
    with sqlite3.connect(store.path) as conn:
        return sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%generation'"
            " AND name NOT LIKE 'server%'"))


async def generations(store: SqliteBackend) -> tuple[int, int]:
    return await store.generation("customers"), await store.generation("directory")


async def test_each_change_raises_its_own_generation(store: SqliteBackend) -> None:
    assert triggers(store) == TRIGGERS
    start = await generations(store)
    customer = await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
    after_create = await generations(store)
    assert after_create[0] > start[0] and after_create[1] == start[1]
    await store.customers.update_customer(customer.id, customer.version,
                                          CustomerChanges(tags=["vip"]))
    after_tags = await generations(store)
    assert after_tags[0] > after_create[0]
    await store.tickets.create_ticket(
        TicketDraft(customer_id=customer.id, subject="Not a customer")
    )
    assert await generations(store) == after_tags  # tickets are in neither answer
    await store.people.upsert_directory_entry(DirectoryEntry(name="Sales", extension="201"))
    after_directory = await generations(store)
    assert after_directory[1] > after_tags[1] and after_directory[0] == after_tags[0]


async def test_bulk_loads_raise_generations_once_and_failed_ones_not_at_all(
        store: SqliteBackend) -> None:
    start = await generations(store)
    searched = await store.generation("customer_search")
    await store.bulk_load("customers", [{"name": f"Bulk {n}"} for n in range(50)])
    loaded = await generations(store)
    assert loaded == (start[0] + 1, start[1] + 1)  # once, not once a row
    assert await store.generation("customer_search") == searched + 1
    assert triggers(store) == TRIGGERS
    with pytest.raises(Invalid):
        await store.bulk_load("customers", [{"name": "Fine"}, {"nome": "malformed"}])
    assert await generations(store) == loaded
    assert triggers(store) == TRIGGERS
    with pytest.raises(NotFound):
        await store.generation("tickets")
