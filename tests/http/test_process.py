"""`centralino serve` as a real process, killed with SIGKILL in the middle of writes.

One scenario (two process starts, which are slow on a busy machine) checks: every write the
server acknowledged is there after a restart; while it is down a console is offline (calls
raise Unavailable, fast) and its change feed waits instead of failing, then recovers by itself
with no gap; the access log holds route templates and operators, no names or numbers."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path

import pytest

from backends.customers.inputs import CustomerDraft
from backends.errors import Unavailable
from backends.feed.models import Event
from backends.http import HttpBackend
from backends.people.models import Role
from backends.sqlite import SqliteBackend
from backends.tickets.inputs import TicketDraft
from tests.http.harness import ServerProcess, provision

WRITERS = 8
KILL_AFTER_ACKS = 40


@pytest.fixture
def tokens(tmp_path: Path) -> dict[str, str]:
    return provision(tmp_path / "proc.db", {"ops": Role.OPERATOR, "boss": Role.ADMIN})


async def _personal_traffic(backend: HttpBackend) -> None:
    customer = await backend.customers.create_customer(CustomerDraft(name="Zsófia Kertész",
                                                           phones=["+36301234567"]))
    await backend.customers.get_customer(customer.id)
    await backend.customers.search_customers("Kertész")
    await backend.customers.find_customers_by_phone("+36301234567")
    await backend.people.list_directory("Kertész")


def _check_access_log(log_path: Path) -> None:
    """JSON lines with route templates and the operator; no names, numbers or queries."""
    text = log_path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()]
    assert "Kert" not in text and "3630" not in text
    paths = {r["path"] for r in records}
    assert {"/v1/customers", "/v1/customers/{customer_id}", "/v1/customers/search",
            "/v1/customers/by-phone", "/v1/directory", "/v1/tickets"} <= paths
    assert all(set(r) == {"ts", "method", "path", "status", "ms", "operator"} for r in records)
    assert {r["operator"] for r in records if r["path"].startswith("/v1/")} == {"ops"}


async def _write_tickets(url: str, token: str, n: int, acked: dict[int, str],
                         failures: list[BaseException], enough: asyncio.Event) -> None:
    backend = HttpBackend(url, token=token, timeout=5.0, retries=1)
    await backend.open()
    try:
        for i in range(200):  # bounded; the kill ends it much earlier
            subject = f"writer {n} ticket {i}"
            try:
                ticket = await backend.tickets.create_ticket(TicketDraft(subject=subject))
            except Unavailable as exc:
                failures.append(exc)
                return
            acked[ticket.id] = subject  # acknowledged: the server answered 201
            if len(acked) >= KILL_AFTER_ACKS:
                enough.set()
    finally:
        await backend.close()


@pytest.mark.sqlite_only("`serve` killed over its SQLite file: acknowledged writes are "
                         "in the file; PostgreSQL restarts: tests/postgres")
async def test_kill_9_during_writes_then_restart(tmp_path: Path, tokens: dict[str, str]) -> None:
    db_path = tmp_path / "proc.db"
    log_path = tmp_path / "access.jsonl"
    server = await asyncio.to_thread(ServerProcess(db_path, access_log=log_path).start)
    restarted: ServerProcess | None = None
    console = HttpBackend(server.url, token=tokens["ops"], timeout=3.0)
    await console.open()
    received: list[Event] = []
    start = await console.feed.last_event_id()

    async def follow() -> None:
        async for event in console.feed.events(after_id=start):
            received.append(event)

    feed = asyncio.create_task(follow())
    acked: dict[int, str] = {}
    failures: list[BaseException] = []
    enough = asyncio.Event()
    writers = [asyncio.create_task(_write_tickets(server.url, tokens["ops"], n, acked,
                                                  failures, enough)) for n in range(WRITERS)]
    try:
        await _personal_traffic(console)
        await asyncio.wait_for(enough.wait(), 60)
        await asyncio.to_thread(server.kill)  # writes are still in flight
        await asyncio.wait_for(asyncio.gather(*writers), 60)
        assert failures, "the writers should have seen the server go away"
        _check_access_log(log_path)

        # down: the console is offline and fails fast; its feed waits
        with pytest.raises(Unavailable) as caught:
            await console.customers.search_customers("Rossi")
        assert not console.online and "cannot be reached" in caught.value.message
        with pytest.raises(Unavailable):
            await console.customers.get_customer(1)
        assert not feed.done()

        # back on the same port: every acknowledged write is there, the feed resumes alone
        restarted = await asyncio.to_thread(ServerProcess(db_path, port=server.port).start)
        boss = HttpBackend(restarted.url, token=tokens["boss"])
        await boss.open()
        try:
            for ticket_id, subject in acked.items():
                assert (await boss.tickets.get_ticket(ticket_id)).subject == subject
            assert await boss.integrity_check() == []
            created = await boss.customers.create_customer(CustomerDraft(name="Back again"))
        finally:
            await boss.close()
        for _ in range(300):  # bounded wait for the feed's own reconnect (backoff <= 5 s)
            if any(e.subject == f"customer:{created.id}" for e in received):
                break
            await asyncio.sleep(0.1)
        assert any(e.subject == f"customer:{created.id}" for e in received)
        assert [e.id for e in received] == list(range(start + 1, received[-1].id + 1))
        assert (await console.customers.get_customer(created.id)).name == "Back again"
        assert console.online
    finally:
        for task in [*writers, feed]:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await console.close()
        server.kill()
        if restarted is not None:
            await asyncio.to_thread(restarted.stop)


@pytest.mark.sqlite_only("the server's token tables inside the SQLite file")
async def test_server_tables_do_not_upset_the_backend(
        tmp_path: Path, tokens: dict[str, str]) -> None:
    """Tokens and idempotency tables live beside the backend's; its integrity check is clean."""
    db_path = tmp_path / "proc.db"
    backend = SqliteBackend(db_path)
    await backend.open()
    try:
        assert await backend.integrity_check() == []
    finally:
        await backend.close()
