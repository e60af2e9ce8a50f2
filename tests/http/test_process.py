"""`centralino serve` as a real process: kill -9 during writes loses no acknowledged write; while
it is down the client is offline (Unavailable), and the feed recovers by itself afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path

import pytest

from backends.errors import Unavailable
from backends.http import HttpBackend
from backends.models import CustomerDraft, Event, Role, TicketDraft
from backends.sqlite import SqliteBackend
from tests.http.harness import ServerProcess, provision

WRITERS = 8
KILL_AFTER_ACKS = 40


@pytest.fixture
def tokens(tmp_path: Path) -> dict[str, str]:
    return provision(tmp_path / "proc.db", {"ops": Role.OPERATOR, "boss": Role.ADMIN})


async def test_kill_9_during_writes_keeps_every_acknowledged_write(
        tmp_path: Path, tokens: dict[str, str]) -> None:
    db_path = tmp_path / "proc.db"
    server = await asyncio.to_thread(ServerProcess(db_path).start)
    acked: dict[int, str] = {}
    failures: list[BaseException] = []
    enough = asyncio.Event()

    async def writer(n: int) -> None:
        backend = HttpBackend(server.url, token=tokens["ops"], timeout=5.0, retries=1)
        await backend.open()
        try:
            for i in range(200):  # bounded; the kill ends it much earlier
                subject = f"writer {n} ticket {i}"
                try:
                    ticket = await backend.create_ticket(TicketDraft(subject=subject))
                except Unavailable as exc:
                    failures.append(exc)
                    return
                acked[ticket.id] = subject  # acknowledged: the server answered 201
                if len(acked) >= KILL_AFTER_ACKS:
                    enough.set()
        finally:
            await backend.close()

    tasks = [asyncio.create_task(writer(n)) for n in range(WRITERS)]
    try:
        await asyncio.wait_for(enough.wait(), 60)
        await asyncio.to_thread(server.kill)  # writes are still in flight
        await asyncio.wait_for(asyncio.gather(*tasks), 60)
    finally:
        for task in tasks:
            task.cancel()
        server.kill()
    assert failures, "the writers should have seen the server go away"

    restarted = await asyncio.to_thread(ServerProcess(db_path).start)
    try:
        backend = HttpBackend(restarted.url, token=tokens["boss"])
        await backend.open()
        try:
            for ticket_id, subject in acked.items():
                assert (await backend.get_ticket(ticket_id)).subject == subject
            assert await backend.integrity_check() == []
        finally:
            await backend.close()
    finally:
        await asyncio.to_thread(restarted.stop)


async def _personal_traffic(backend: HttpBackend) -> None:
    customer = await backend.create_customer(CustomerDraft(name="Zsófia Kertész",
                                                           phones=["+36301234567"]))
    await backend.get_customer(customer.id)
    await backend.search_customers("Kertész")
    await backend.find_customers_by_phone("+36301234567")
    await backend.list_directory("Kertész")


def _check_access_log(log_path: Path) -> None:
    """JSON lines with route templates and the operator; no names, numbers or queries."""
    text = log_path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()]
    assert "Kert" not in text and "3630" not in text
    paths = {r["path"] for r in records}
    assert {"/v1/customers", "/v1/customers/{customer_id}", "/v1/customers/search",
            "/v1/customers/by-phone", "/v1/directory"} <= paths
    assert all(set(r) == {"ts", "method", "path", "status", "ms", "operator"} for r in records)
    assert {r["operator"] for r in records if r["path"].startswith("/v1/")} == {"ops"}


async def test_offline_while_down_and_feed_recovers(tmp_path: Path,
                                                    tokens: dict[str, str]) -> None:
    """Also checks the access log of the first server (one process start fewer)."""
    db_path = tmp_path / "proc.db"
    log_path = tmp_path / "access.jsonl"
    server = await asyncio.to_thread(ServerProcess(db_path, access_log=log_path).start)
    console = HttpBackend(server.url, token=tokens["ops"], timeout=3.0)
    await console.open()
    await _personal_traffic(console)
    received: list[Event] = []
    start = await console.last_event_id()

    async def follow() -> None:
        async for event in console.events(after_id=start):
            received.append(event)

    feed = asyncio.create_task(follow())
    restarted: ServerProcess | None = None
    try:
        await asyncio.to_thread(server.kill)
        _check_access_log(log_path)
        with pytest.raises(Unavailable) as caught:
            await console.search_customers("Rossi")
        assert not console.online and "cannot be reached" in caught.value.message
        with pytest.raises(Unavailable):  # offline: fails fast, without the retry ladder
            await console.get_customer(1)
        assert not feed.done()  # the feed waits for the server instead of failing

        restarted = await asyncio.to_thread(ServerProcess(db_path, port=server.port).start)
        writer = HttpBackend(restarted.url, token=tokens["boss"])
        await writer.open()
        created = await writer.create_customer(CustomerDraft(name="Back again"))
        await writer.close()
        for _ in range(300):  # bounded wait for the feed's own reconnect (up to ~5 s backoff)
            if any(e.subject == f"customer:{created.id}" for e in received):
                break
            await asyncio.sleep(0.1)
        assert any(e.subject == f"customer:{created.id}" for e in received)
        assert [e.id for e in received] == list(range(start + 1, received[-1].id + 1))
        assert (await console.get_customer(created.id)).name == "Back again"
        assert console.online
    finally:
        feed.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await feed
        await console.close()
        server.kill()
        if restarted is not None:
            await asyncio.to_thread(restarted.stop)


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
