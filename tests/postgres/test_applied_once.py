"""Writes made under a request's mark (backends/applied_once.py) happen at most once on
PostgreSQL too: the mark is a row of `applied_requests` written in the first write's own
transaction, so a retry whose answer was lost with a server (any server of the database) is
refused with nothing changed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import psycopg
import pytest

from backends.applied_once import AlreadyApplied, applied_once
from backends.customers.inputs import CustomerDraft
from backends.errors import Invalid
from backends.postgres import PostgresBackend
from backends.server.idempotency import Stored
from backends.tickets.inputs import TicketDraft
from tests import pg_server


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    server = pg_server.session_server(request)
    url = await asyncio.to_thread(pg_server.create_database, server)
    try:
        yield url
    finally:
        await asyncio.to_thread(pg_server.drop_database, server, url)


SETTING = "SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'"


def count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0


async def test_a_mark_holds_across_two_stores_on_one_database(database: str) -> None:
    async with PostgresBackend(database) as a, PostgresBackend(database) as b:
        with applied_once("anna", "k1"):
            await a.customers.create_customer(CustomerDraft(name="Anna Rossi"))
        with pytest.raises(AlreadyApplied), applied_once("anna", "k1"):
            await b.customers.create_customer(CustomerDraft(name="Anna Rossi"))
        assert count(database, "customers") == 1
        with applied_once("bruno", "k1"):  # another operator's key is another request
            await b.customers.create_customer(CustomerDraft(name="Anna Rossi"))
        assert count(database, "customers") == 2


async def test_a_failed_write_leaves_no_mark(database: str) -> None:
    async with PostgresBackend(database) as store:
        with pytest.raises(Invalid), applied_once("anna", "k2"):
            await store.tickets.create_ticket(TicketDraft(customer_id=999, subject="None"))
        customer = await store.customers.create_customer(CustomerDraft(name="Anna Rossi"))
        with applied_once("anna", "k2"):  # the retry runs
            await store.tickets.create_ticket(TicketDraft(customer_id=customer.id,
                                                          subject="Now"))
        assert count(database, "tickets") == 1
        assert count(database, "applied_requests") == 1


async def test_idempotency_records_commit_without_waiting_and_the_marked_write_waits(
        database: str) -> None:
    """A claim and a stored answer may be lost with a crash of the database (their commit
    does not wait for the WAL flush, server/pg_state.py); the write and its mark may not.
    (The tests' PostgreSQL runs with synchronous_commit off altogether, so what is checked is
    who set it: the idempotency pool's own sessions, never the write pool's.)"""
    from backends.server import pg_state

    async with PostgresBackend(database) as backend:
        with psycopg.connect(database, autocommit=True) as conn:
            pg_state.prepare(conn)
        records = pg_state.PgIdempotencyStore(database)
        try:
            assert await records.fetch(SETTING, []) == [("off", "session")]

            async def write() -> object:
                with applied_once("anna", "k3"):
                    await backend.customers.create_customer(CustomerDraft(name="Anna Rossi"))
                return await backend.store.write(
                    lambda conn: conn.execute(SETTING).fetchone())

            async def compute() -> Stored:
                shown = await write()
                return Stored("", 201, {}, str(shown).encode())

            stored, replayed = await records.run("anna", "k3", "h", compute)
            assert not replayed
            assert b"'source': 'session'" not in stored.body and b"'setting'" in stored.body
            assert count(database, "applied_requests") == 1
        finally:
            await records.aclose()
