"""The server's event hub keeps polling when a read fails (here on a stored event row damaged
by another program: on SQLite a ValueError, something other than a backend error; on
PostgreSQL the store's Invalid): it logs the error's kind, never the row's text, and delivers
again once the row is readable.

Real parts: the store (a SQLite file, or a database of the run's real PostgreSQL) and the hub
the server runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.customers.inputs import CustomerDraft
from backends.server.events import EventHub
from tests import pg_server
from tests.http.harness import Target, store_backend
from tests.http.sites import STORES, execute

SECRET = "Segreto Rossi +39 333 1234567"

# per store: how another program damages an event row (the personal text put into it) and
# the kind of error the hub then logs
DAMAGE = {
    # SQLite's loose column types hold any text in events.at: a date that is no date
    "sqlite": ("UPDATE events SET at = ? WHERE id = ?", "ValueError"),
    # PostgreSQL's timestamptz refuses that but holds 'infinity', which no Python datetime
    # is (psycopg's DataError, the store's Invalid); the personal text goes into the subject
    "postgres": ("UPDATE events SET at = 'infinity', subject = ? WHERE id = ?", "Invalid"),
}


@pytest.fixture(params=STORES)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Target]:
    if request.param == "sqlite":
        yield tmp_path / "hub.db"
        return
    async with pg_server.migrated_database(request) as url:
        yield url


async def test_a_damaged_event_row_does_not_stop_the_hub(
        store: Target, caplog: pytest.LogCaptureFixture) -> None:
    backend = store_backend(store)
    await backend.open()
    statement, kind = DAMAGE["postgres" if isinstance(store, str) else "sqlite"]
    # the hub reads only when poked (or 1 s after a failed read): a tick between the write and
    # the damage would read the row while it is still whole, and never again
    hub = EventHub(backend.feed, poll_interval=60.0)
    seen: list[int] = []
    hub.listeners.append(lambda batch: seen.extend(event.id for event in batch))
    caplog.set_level(logging.WARNING, logger="centralino.server")
    try:
        await hub.start()
        await backend.customers.create_customer(CustomerDraft(name="Anna Verdi"))
        damaged = await backend.feed.last_event_id()
        # another program writes nonsense into the row
        original = execute(store, "SELECT at, subject FROM events WHERE id = ?", [damaged])[0]
        execute(store, statement, [SECRET, damaged])
        hub.poke()
        # bounded: up to 5 s for the damaged row's failure to be logged (a read may first
        # fail otherwise, say on the lock the repairing program held: that is logged too)
        for _ in range(100):
            if any("event feed read failed" in r.getMessage() and kind in r.getMessage()
                   for r in caplog.records):
                break
            await asyncio.sleep(0.05)
        assert hub._task is not None and not hub._task.done()
        failures = [r.getMessage() for r in caplog.records
                    if "event feed read failed" in r.getMessage()]
        assert any(kind in failure for failure in failures), failures
        assert all(SECRET not in message and "Rossi" not in message for message in failures)

        # repaired: the hub goes on by itself
        execute(store, "UPDATE events SET at = ?, subject = ? WHERE id = ?", [*original, damaged])
        await backend.customers.create_customer(CustomerDraft(name="Bruno Neri"))
        newest = await backend.feed.last_event_id()
        hub.poke()
        for _ in range(100):  # bounded: up to 5 s
            if newest in seen:
                break
            await asyncio.sleep(0.05)
        assert damaged in seen and newest in seen
    finally:
        await hub.stop()
        await backend.close()
