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
