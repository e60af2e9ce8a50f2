"""One-statement reads on the event loop (backends/postgres/loop_reads.py, issue 21's load):
the hot reads of the server need no worker thread, answer as before (NotFound included), and
what does not fit (a second statement, another event loop) still answers, on a thread. On
the run's real PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from backends.customers.inputs import CustomerDraft
from backends.errors import NotFound
from backends.postgres import PostgresBackend
from backends.postgres.connection import Conn
from tests import pg_server
from tests.postgres.hot_records import customer_call_ticket


@pytest.fixture
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[PostgresBackend]:
    async with pg_server.opened_backend(request) as opened:
        yield opened


async def test_the_hot_reads_run_on_the_loop_without_a_thread(
        backend: PostgresBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    customer, call, ticket = await customer_call_ticket(backend)
    reads = backend.store.loop_reads
    assert reads is not None
    before = reads.reads

    def no_thread(*_args: object, **_kw: object) -> None:
        raise AssertionError("a worker thread for a one-statement read")

    with monkeypatch.context() as patched:
        patched.setattr(backend.store, "on_thread", no_thread)
        got = await backend.tickets.get_ticket(ticket.id)
        assert (got.subject, got.call_ids, got.customer_id) == ("Router", [call.id],
                                                                customer.id)
        assert [e.body for e in await backend.tickets.list_ticket_entries(ticket.id)] == [
            "first"]
        listed = await backend.tickets.list_tickets(customer_id=customer.id)
        assert [t.id for t in listed] == [ticket.id]
        assert (await backend.customers.get_customer(customer.id)).name == "Anna Rossi"
        assert [c.id for c in await backend.customers.search_customers("Ros", 10)] == [
            customer.id]
        assert len(await backend.feed.read_events(0, 500)) >= 3
        assert await backend.feed.last_event_id() >= 3
        for missing in (backend.tickets.get_ticket, backend.tickets.list_ticket_entries,
                        backend.customers.get_customer):
            with pytest.raises(NotFound):
                await missing(999_999)
    assert reads.reads - before == 10


async def test_a_read_of_two_statements_runs_whole_on_a_thread(
        backend: PostgresBackend) -> None:
    def two(conn: Conn) -> tuple[Any, Any]:
        first = conn.execute("SELECT 1 AS n").fetchone()
        second = conn.execute("SELECT 2 AS n").fetchone()
        return first, second

    def swallowing(conn: Conn) -> str:
        try:  # a read that takes any error for its own must still be run, not fooled
            conn.execute("SELECT 3 AS n").fetchall()
        except Exception:
            return "swallowed"
        return "read"

    assert await backend.store.statement(two) == ({"n": 1}, {"n": 2})
    assert await backend.store.statement(swallowing) == "read"
    assert await backend.store.statement(lambda _conn: "nothing sent") == "nothing sent"


async def test_another_event_loop_takes_the_thread(backend: PostgresBackend) -> None:
    made = await backend.customers.create_customer(CustomerDraft(name="Bea Kovács"))
    reads = backend.store.loop_reads
    assert reads is not None
    before = reads.reads

    def elsewhere() -> str:
        async def read() -> str:
            return (await backend.customers.get_customer(made.id)).name
        return asyncio.run(read())

    assert await asyncio.to_thread(elsewhere) == "Bea Kovács"
    assert reads.reads == before  # not on this loop's pool


async def test_closing_the_backend_closes_the_loop_pool(
        request: pytest.FixtureRequest) -> None:
    async with pg_server.opened_backend(request) as backend:
        await backend.feed.last_event_id()
        reads = backend.store.loop_reads
        assert reads is not None and reads.reads == 1
    assert reads.closed


async def test_reads_on_the_loop_leave_nothing_for_the_garbage_collector(
        backend: PostgresBackend) -> None:
    """The first pass stops the read with an exception; kept across the statement's await,
    its traceback made a cycle only the collector frees: under the load mix it ran 30 young
    and one older collections in 10 s, up to 40 ms each (bench/gc_pauses.py)."""
    import gc

    _customer, _call, ticket = await customer_call_ticket(backend)
    await backend.tickets.get_ticket(ticket.id)  # the pool open, its statements prepared
    gc.collect()
    gc.disable()
    try:
        for _ in range(50):
            await backend.tickets.get_ticket(ticket.id)
        assert gc.collect() == 0
    finally:
        gc.enable()
