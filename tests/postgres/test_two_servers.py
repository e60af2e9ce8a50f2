"""Two of our servers on one PostgreSQL database (issue 21): each is a real uvicorn on
127.0.0.1 with its own event loop, pool and caches, over a fresh database of the run's real
PostgreSQL. What one server changes, the other answers from the very next request; a call is
claimed once however the operators' requests spread over the two; tokens, revocations and
idempotency keys are the database's, not a server's; a change through A reaches an event
stream on B through LISTEN/NOTIFY, long before B would poll."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

import httpx
import pytest

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.errors import NotFound
from backends.http import HttpBackend
from backends.people.models import Operator, Role
from backends.postgres import PostgresBackend
from backends.server import ServerConfig, create_app
from backends.server.pg_state import PgTokenStore
from tests import pg_server
from tests.backend_factories.http_postgres import service_token
from tests.conformance.helpers import ROME
from tests.http.harness import ServerThread

POLL = 30.0  # the hubs' polling: far longer than any wait below, so only NOTIFY wakes them


@dataclass
class Pair:
    url: str  # the database
    a: str  # the servers' base URLs
    b: str
    token: str


@contextmanager
def two_servers(request: pytest.FixtureRequest, poll_interval: float = POLL) -> Iterator[Pair]:
    server = pg_server.session_server(request)
    url = pg_server.create_database(server)
    config = ServerConfig(auth_db=None, heartbeat=1.0, poll_interval=poll_interval)
    threads: list[ServerThread] = []
    try:
        for _ in range(2):
            threads.append(ServerThread(create_app(
                lambda: PostgresBackend(url, region="IT", pool_size=4), config)).start())
        yield Pair(url, threads[0].url, threads[1].url, service_token(url))
    finally:
        for thread in threads:
            thread.stop()
        pg_server.drop_database(server, url)


@asynccontextmanager
async def client(base: str, token: str) -> AsyncIterator[HttpBackend]:
    backend = HttpBackend(base, token=token, timeout=20.0)
    await backend.open()
    try:
        yield backend
    finally:
        await backend.close()


async def test_a_change_through_one_server_is_answered_by_the_other(
        request: pytest.FixtureRequest) -> None:
    with two_servers(request) as pair:
        async with client(pair.a, pair.token) as a, client(pair.b, pair.token) as b:
            assert await b.customers.search_customers("Szabó") == []  # B caches this answer
            made = await a.customers.create_customer(CustomerDraft(
                name="Anna Szabó", phones=["+3612345678"]))
            assert [c.id for c in await b.customers.search_customers("Szabó")] == [made.id]
            by_phone = await b.customers.find_customers_by_phone("+3612345678")
            assert [c.id for c in by_phone] == [made.id]
            changed = await a.customers.update_customer(
                made.id, made.version, CustomerChanges(name="Anna Kovács"))
            again = await b.customers.get_customer(made.id)
            assert (again.name, again.version) == ("Anna Kovács", changed.version)
            assert await b.customers.search_customers("Szabó") == []


async def test_every_call_is_claimed_once_across_two_servers(
        request: pytest.FixtureRequest) -> None:
    calls, operators = 30, 8
    with two_servers(request) as pair:
        async with client(pair.a, pair.token) as a, client(pair.b, pair.token) as b:
            for n in range(operators):
                await a.people.upsert_operator(_operator(f"op{n}"))
            waiting = [await a.calls.create_call(CallDraft(caller=ROME)) for _ in range(calls)]
            claims: dict[int, list[str]] = {}

            async def operator_loop(name: str, first: HttpBackend, second: HttpBackend) -> None:
                sides = [first, second]
                for turn in range(calls):
                    try:  # answer, hang up, finish: free again for the next call
                        got = await sides[turn % 2].calls.answer_call(None, name)
                    except NotFound:
                        return
                    claims.setdefault(got.id, []).append(name)
                    await sides[(turn + 1) % 2].calls.end_call(got.id, name)
                    await sides[turn % 2].calls.finish_call(got.id, name, "RESOLVED")

            await asyncio.gather(*(operator_loop(f"op{n}", *((a, b) if n % 2 else (b, a)))
                                   for n in range(operators)))
            assert sorted(claims) == sorted(c.id for c in waiting)
            assert all(len(names) == 1 for names in claims.values()), claims
            events = await b.feed.read_events(0, 5000)
            claimed = [e.subject for e in events if e.kind == "call.claimed"]
            assert sorted(claimed) == sorted(f"call:{c.id}" for c in waiting)
            ids = [e.id for e in events]
            assert ids == list(range(1, len(ids) + 1))  # gapless, in commit order


def _operator(name: str) -> Operator:
    return Operator(name=name, display_name=name.title())


async def test_a_change_through_a_reaches_a_stream_on_b_by_notify(
        request: pytest.FixtureRequest) -> None:
    with two_servers(request) as pair:
        async with client(pair.a, pair.token) as a, client(pair.b, pair.token) as b:
            start = await b.feed.last_event_id()
            stream = b.feed.events(start)
            first = asyncio.ensure_future(anext(stream))
            await asyncio.sleep(0.5)  # the stream is open on B
            began = time.monotonic()
            made = await a.customers.create_customer(CustomerDraft(name="Via Notify"))
            event = await asyncio.wait_for(first, timeout=10)
            took = time.monotonic() - began
            assert event.subject == f"customer:{made.id}"
            assert took < POLL / 3, took  # B's hub woke on the notification, not its poll
            await stream.aclose()  # type: ignore[attr-defined]


async def test_tokens_and_revocations_are_the_databases(request: pytest.FixtureRequest) -> None:
    with two_servers(request) as pair:
        store = PgTokenStore(pair.url)
        try:
            store.issue("pbx", 30, Role.SUPERVISOR.value)
            token = store.issue("pbx2", 30, Role.SUPERVISOR.value)[1]
        finally:
            store.close()
        async with httpx.AsyncClient(timeout=10) as http:
            headers = {"Authorization": f"Bearer {token}"}
            for base in (pair.a, pair.b):
                assert (await http.get(f"{base}/v1/dispositions", headers=headers)
                        ).status_code == 200
            store = PgTokenStore(pair.url)
            try:
                assert store.revoke("pbx2") == 1
            finally:
                store.close()
            for base in (pair.a, pair.b):  # both had the token cached
                assert (await http.get(f"{base}/v1/dispositions", headers=headers)
                        ).status_code == 401


async def test_an_idempotency_key_holds_across_servers(request: pytest.FixtureRequest) -> None:
    with two_servers(request) as pair:
        async with httpx.AsyncClient(timeout=10) as http:
            headers = {"Authorization": f"Bearer {pair.token}", "Idempotency-Key": "k-1"}
            body = {"name": "Once Only"}
            first = await http.post(f"{pair.a}/v1/customers", json=body, headers=headers)
            again = await http.post(f"{pair.b}/v1/customers", json=body, headers=headers)
            assert first.status_code in (200, 201), first.text
            assert again.status_code == first.status_code
            assert again.json()["id"] == first.json()["id"]
            listed = await http.post(f"{pair.b}/v1/customers/search", json={"q": "Once Only"},
                                     headers={"Authorization": f"Bearer {pair.token}"})
            assert len(listed.json()) == 1, listed.text
