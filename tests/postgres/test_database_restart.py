"""When the database goes away and comes back (a restart, or a failover to a standby at the same
address): two of our servers on a PostgreSQL of this test's own answer 503 "unavailable" while
it is gone, never a traceback nor the database's address, and from its return answer again
without being restarted themselves: tokens, writes, searches, and an event stream on one
server carrying a change made through the other."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from backends.customers.inputs import CustomerDraft
from backends.http import HttpBackend
from backends.postgres import PostgresBackend
from backends.server import ServerConfig, create_app
from tests import pg_server
from tests.backend_factories.http_postgres import service_token
from tests.http.harness import ServerThread

RECOVERY = 30.0  # seconds: the pools reconnect with pauses of 1, 2, 4… s after failures


@pytest.fixture
def own_database() -> Iterator[pg_server.PgServer]:
    """A PostgreSQL of this test's own: it is stopped and started in the middle."""
    server = pg_server.start()
    try:
        yield server
    finally:
        pg_server.stop(server)


async def test_servers_ride_out_a_database_restart(own_database: pg_server.PgServer) -> None:
    url = pg_server.create_database(own_database)
    config = ServerConfig(auth_db=None, heartbeat=1.0, poll_interval=30.0)
    servers = [ServerThread(create_app(lambda: PostgresBackend(url, pool_size=2), config))
               .start() for _ in range(2)]
    try:
        token = service_token(url)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(timeout=15) as http:
            for server in servers:
                assert (await http.get(f"{server.url}/v1/dispositions", headers=headers)
                        ).status_code == 200
            pg_server._stop_process(own_database.pid)  # the database is gone
            down = await http.get(f"{servers[0].url}/v1/dispositions", headers=headers)
            assert down.status_code == 503, down.text
            assert "Traceback" not in down.text and str(own_database.port) not in down.text
            await asyncio.to_thread(pg_server.restart, own_database)
            for server in servers:  # every pooled connection was closed under it
                answers = []
                deadline = asyncio.get_running_loop().time() + RECOVERY
                while asyncio.get_running_loop().time() < deadline:
                    got = await http.get(f"{server.url}/v1/dispositions", headers=headers)
                    answers.append(got.status_code)
                    if answers[-3:] == [200, 200, 200]:
                        break
                    await asyncio.sleep(0.2)
                assert answers[-3:] == [200, 200, 200], answers
                assert set(answers) <= {200, 503}, answers
        a = HttpBackend(servers[0].url, token=token, timeout=10)
        b = HttpBackend(servers[1].url, token=token, timeout=10)
        await a.open()
        await b.open()
        try:
            stream = b.feed.events(await b.feed.last_event_id())
            first = asyncio.ensure_future(anext(stream))
            await asyncio.sleep(1.5)  # B's listener is back (it retries every second)
            made = await a.customers.create_customer(CustomerDraft(name="After The Restart"))
            event = await asyncio.wait_for(first, timeout=10)  # the poll is 30 s: NOTIFY
            assert event.subject == f"customer:{made.id}"
            assert [c.id for c in await b.customers.search_customers("restart")] == [made.id]
            await stream.aclose()  # type: ignore[attr-defined]
        finally:
            await a.close()
            await b.close()
    finally:
        for server in servers:
            server.stop()
