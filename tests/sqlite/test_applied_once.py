"""Writes made under a request's mark (backends/applied_once.py) happen at most once: the mark
commits with the first write, and a later write under the same mark is refused with nothing
changed. On a real SQLite file, with the store on its write thread (the console) and on the
event loop (the server)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.applied_once import AlreadyApplied, applied_once
from backends.customers.inputs import CustomerDraft
from backends.errors import Invalid
from backends.sqlite import SqliteBackend, applied
from backends.tickets.inputs import TicketDraft


@pytest.fixture(params=[False, True], ids=["write-thread", "on-loop"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    backend = SqliteBackend(tmp_path / "once.db", on_loop=request.param)
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()


def count(store: SqliteBackend, table: str) -> int:
    with sqlite3.connect(store.path) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


async def test_a_mark_lets_one_write_through(store: SqliteBackend) -> None:
    with applied_once("anna", "k1"):
        await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
    with pytest.raises(AlreadyApplied), applied_once("anna", "k1"):
        await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
    assert count(store, "customers") == 1
    with applied_once("bruno", "k1"):  # the same key of another operator is another request
        await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
    await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))  # unmarked: as ever
    assert count(store, "customers") == 3


async def test_a_failed_write_leaves_no_mark(store: SqliteBackend) -> None:
    with pytest.raises(Invalid), applied_once("anna", "k2"):
        await store.tickets.create_ticket(TicketDraft(customer_id=999, subject="No such customer"))
    customer = await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
    with applied_once("anna", "k2"):  # the retry runs
        await store.tickets.create_ticket(TicketDraft(customer_id=customer.id, subject="Now"))
    assert count(store, "tickets") == 1


async def test_only_the_first_write_of_a_request_carries_the_mark(store: SqliteBackend) -> None:
    with applied_once("anna", "k3") as mark:
        first = await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
        assert mark.applied
        await store.tickets.create_ticket(TicketDraft(customer_id=first.id, subject="Second write"))
    assert count(store, "applied_requests") == 1 and count(store, "tickets") == 1


async def test_marks_expire_and_are_purged(store: SqliteBackend,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with applied_once("anna", "old"):
        await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE applied_requests SET at = at - ?", [applied.TTL + 60])
    with applied_once("anna", "old"):  # a day on, the key is free again
        await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE applied_requests SET at = at - ?", [applied.TTL + 60])
    monkeypatch.setattr(applied, "PURGE_EVERY", 1)
    with applied_once("anna", "new"):
        await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
    with sqlite3.connect(store.path) as conn:
        assert [r[0] for r in conn.execute("SELECT key FROM applied_requests")] == ["new"]
