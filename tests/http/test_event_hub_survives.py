"""The server's event hub keeps polling when a read fails with something other than a backend
error (here a stored event row damaged by another program): it logs the error's type and the
last event id, never the row's text, and delivers again once the row is readable.

Real parts: the SQLite backend on a temporary file and the hub the server runs."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from backends.customers.models import CustomerDraft
from backends.server.events import EventHub
from backends.sqlite import SqliteBackend

SECRET = "Segreto Rossi +39 333 1234567"


@pytest.mark.sqlite_only("a row damaged as only SQLite's loose column types allow (a "
                         "non-date in events.at); PostgreSQL's timestamptz refuses the write")
async def test_a_damaged_event_row_does_not_stop_the_hub(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "hub.db"
    backend = SqliteBackend(path)
    await backend.open()
    hub = EventHub(backend.feed, poll_interval=0.05)
    seen: list[int] = []
    hub.listeners.append(lambda batch: seen.extend(event.id for event in batch))
    caplog.set_level(logging.WARNING, logger="centralino.server")
    try:
        await hub.start()
        await backend.customers.create_customer(CustomerDraft(name="Anna Verdi"))
        damaged = await backend.feed.last_event_id()
        with sqlite3.connect(path) as conn:  # another program writes nonsense into the row
            original = conn.execute("SELECT at FROM events WHERE id = ?", [damaged]).fetchone()
            conn.execute("UPDATE events SET at = ? WHERE id = ?", [SECRET, damaged])
        hub.poke()
        # bounded: up to 5 s for the damaged row's failure to be logged (a read may first
        # fail otherwise, say on the lock the repairing program held: that is logged too)
        for _ in range(100):
            if any("event feed read failed" in r.getMessage() and "ValueError" in r.getMessage()
                   for r in caplog.records):
                break
            await asyncio.sleep(0.05)
        assert hub._task is not None and not hub._task.done()
        failures = [r.getMessage() for r in caplog.records
                    if "event feed read failed" in r.getMessage()]
        assert any("ValueError" in failure for failure in failures), failures
        assert all(SECRET not in message and "Rossi" not in message for message in failures)

        with sqlite3.connect(path) as conn:  # repaired: the hub goes on by itself
            conn.execute("UPDATE events SET at = ? WHERE id = ?", [original[0], damaged])
        await backend.customers.create_customer(CustomerDraft(name="Bruno Neri"))
        newest = await backend.feed.last_event_id()
        for _ in range(100):  # bounded: up to 5 s
            if newest in seen:
                break
            await asyncio.sleep(0.05)
        assert damaged in seen and newest in seen
    finally:
        await hub.stop()
        await backend.close()
