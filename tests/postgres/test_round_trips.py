"""Round trips of the reads the server makes most (issue 21's load: BEGIN and COMMIT were a
third of the statements, and each statement is a round trip and CPU on both sides): on the
run's real PostgreSQL, the hot reads are one statement outside any transaction, a search's
candidates come whole with its match, and the token generation check of each request runs on
the server's async pool without a worker thread; the answers stay what they were."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from backends.calls.models import CallState
from backends.customers.inputs import CustomerDraft
from backends.errors import NotFound
from backends.postgres import PostgresBackend
from backends.postgres.connection import Conn
from backends.server import pg_state
from backends.tickets.inputs import TicketDraft, TicketEntryDraft
from tests import pg_server
from tests.postgres.hot_records import customer_call_ticket


class Counting:
    """A connection that counts the statements sent through it."""

    def __init__(self, conn: Conn, seen: list[str]) -> None:
        self._conn, self._seen = conn, seen

    def execute(self, sql: Any, params: Any = None) -> Any:
        self._seen.append(str(sql))
        return self._conn.execute(sql, params)


@pytest.fixture
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[PostgresBackend]:
    async with pg_server.opened_backend(request) as opened:
        yield opened


def count(backend: PostgresBackend) -> tuple[list[str], list[str]]:
    """(statements of one-statement reads, statements of transactions) from now on."""
    store = backend.store
    single: list[str] = []
    in_transaction: list[str] = []
    read_sync, statement_sync = store.read_sync, store.statement_sync

    def read(fn: Callable[[Conn], Any]) -> Any:
        return read_sync(lambda conn: fn(Counting(conn, in_transaction)))  # type: ignore[arg-type]

    def statement(fn: Callable[[Conn], Any]) -> Any:
        return statement_sync(lambda conn: fn(Counting(conn, single)))  # type: ignore[arg-type]

    store.read_sync = read  # type: ignore[method-assign]
    store.statement_sync = statement  # type: ignore[method-assign]
    loop_reads = store.loop_reads  # one statement on the event loop (loop_reads.py)
    assert loop_reads is not None
    fetch = loop_reads.fetch

    async def fetched(sql: Any, params: Any) -> Any:
        single.append(str(sql))
        return await fetch(sql, params)

    loop_reads.fetch = fetched  # type: ignore[method-assign]
    return single, in_transaction


async def test_the_hot_reads_are_one_statement_each_outside_a_transaction(
        backend: PostgresBackend) -> None:
    customer, call, ticket = await customer_call_ticket(backend)
    await backend.tickets.add_ticket_entry(ticket.id, TicketEntryDraft(body="second"))
    bare = await backend.tickets.create_ticket(TicketDraft(subject="Bare"))
    single, in_transaction = count(backend)

    got = await backend.tickets.get_ticket(ticket.id)
    assert (got.subject, got.call_ids) == ("Router", [call.id])
    assert [e.body for e in await backend.tickets.list_ticket_entries(ticket.id)] == [
        "first", "second"]
    assert await backend.tickets.list_ticket_entries(bare.id) == []
    listed = await backend.tickets.list_tickets(customer_id=customer.id)
    assert [(t.id, t.call_ids) for t in listed] == [(ticket.id, [call.id])]
    assert (await backend.customers.get_customer(customer.id)).name == "Anna Rossi"
    assert len(await backend.feed.read_events(0, 500)) >= 4
    await backend.people.list_directory("")
    assert len(single) == 7 and in_transaction == []  # one statement each, no BEGIN/COMMIT
    for missing in (backend.tickets.get_ticket, backend.tickets.list_ticket_entries):
        with pytest.raises(NotFound):
            await missing(999_999)


async def test_a_search_reads_its_candidates_whole_with_its_match(
        backend: PostgresBackend) -> None:
    for name in ("Anna Rossi", "Marco Rossini", "Luca Russo"):
        await backend.customers.create_customer(CustomerDraft(name=name))
    single, in_transaction = count(backend)
    found = await backend.customers.search_customers("Ro", 10)
    assert [c.name for c in found] == ["Anna Rossi", "Marco Rossini"]
    assert [c.name for c in await backend.customers.search_customers("Ros", 1)] == [
        "Anna Rossi"]
    # type-ahead's usual search: the unknown-word check and the match, with the rows, in
    # one statement outside a transaction (search.quick_names)
    assert (len(single), in_transaction) == (2, [])
    # a misspelt word needs the whole search: one transaction, as before
    assert [c.name for c in await backend.customers.search_customers("Rosssi", 10)][:1] == [
        "Anna Rossi"]
    assert len(single) == 3 and len(in_transaction) >= 2
    assert [c.name for c in await backend.customers.search_customers("Rus", 10)] == [
        "Luca Russo"]
    assert await backend.customers.search_customers("Zz", 10) == []


async def test_the_token_generation_check_needs_no_worker_thread(
        backend: PostgresBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = pg_state.PgIdempotencyStore(backend.url)
    tokens = pg_state.PgTokenStore(backend.url, reads=reads)
    other = pg_state.PgTokenStore(backend.url)  # another server
    try:
        _id, token = tokens.issue("op1")
        assert tokens.lookup(token) is not None  # cached

        def no_thread(*_args: object, **_kw: object) -> None:
            raise AssertionError("a worker thread for the generation check")

        with monkeypatch.context() as patched:  # (asyncio's own: undone before teardown)
            patched.setattr(pg_state.asyncio, "to_thread", no_thread)
            record = await tokens.lookup_async(token)
            assert record is not None and record.revoked_at is None
            other.revoke("op1")  # through the other server: seen in the very next answer
            record = await tokens.lookup_async(token)
            assert record is not None and record.revoked_at is not None
    finally:
        tokens.close()
        other.close()
        await reads.aclose()


async def test_an_event_goes_with_the_commit_and_its_id_is_notified(
        backend: PostgresBackend) -> None:
    import psycopg

    from backends.postgres.events import CHANNEL, append_event

    listener = psycopg.connect(backend.url, autocommit=True)
    try:
        listener.execute(f"LISTEN {CHANNEL}")
        seen: list[str] = []
        await backend.store.write(
            lambda conn: append_event(Counting(conn, seen), "test.done", "test:1"))  # type: ignore[arg-type]
        # nothing sent during the work: the lock and the insert (which notifies in its
        # RETURNING) go with the COMMIT, in one round trip (backends/postgres/commit_events.py)
        assert seen == []
        heard = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
        stored = listener.execute(
            "SELECT id FROM events WHERE subject = 'test:1'").fetchall()
        assert heard == [str(row[0]) for row in stored]
    finally:
        listener.close()


async def test_a_new_idempotency_key_is_claimed_without_a_look_up_first(
        backend: PostgresBackend) -> None:
    import psycopg

    from backends.server.idempotency import Stored

    with psycopg.connect(backend.url, autocommit=True) as conn:
        pg_state.prepare(conn)  # the server's tables
    store = pg_state.PgIdempotencyStore(backend.url)
    sent: list[str] = []
    execute = store._execute

    async def counted(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        sent.append(sql.split()[0])
        return await execute(sql, params)

    async def compute() -> Stored:
        return Stored("", 201, {"ETag": '"1"'}, b'{"id": 1}')

    store._execute = counted  # type: ignore[method-assign]
    try:
        result, replayed = await store.run("op1", "k1", "h1", compute)
        assert (result.status, replayed) == (201, False)
        assert sent == ["INSERT", "UPDATE"]  # the claim, the stored answer: no look-up first
        sent.clear()
        again, replayed = await store.run("op1", "k1", "h1", compute)  # a retry replays
        assert (again.body, again.headers, replayed) == (b'{"id": 1}', {"ETag": '"1"'}, True)
        assert sent == ["INSERT", "SELECT"]  # the claim refused, then the record read
    finally:
        await store.aclose()


async def test_a_claim_reads_the_queue_once_and_its_call_in_one_statement(
        backend: PostgresBackend) -> None:
    _customer, call, ticket = await customer_call_ticket(backend)
    store = backend.store
    sent: list[str] = []
    write_sync = store.write_sync

    def write(fn: Callable[[Conn], Any]) -> Any:
        return write_sync(lambda conn: fn(Counting(conn, sent)))  # type: ignore[arg-type]

    store.write_sync = write  # type: ignore[method-assign]
    claimed = await backend.calls.claim_call(None, "anna")
    assert (claimed.id, claimed.state, claimed.ticket_ids) == (call.id, CallState.ACTIVE,
                                                               [ticket.id])
    # the head it holds (SKIP LOCKED) is all it needs: no second look at the queue
    assert sum("state = 'waiting'" in s for s in sent) == 1
    # the call and its tickets' ids in one statement, not a second one for the links
    assert not any(s.startswith("SELECT ticket_id FROM call_tickets") for s in sent)
    assert (await backend.calls.get_call(call.id)).ticket_ids == [ticket.id]
