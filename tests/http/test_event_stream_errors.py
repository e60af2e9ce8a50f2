"""A server-side failure inside an event stream is logged (kind of error, event id, no payload)
and the stream ends cleanly, so the client reconnects with Last-Event-ID as after any break.

The failure is real: a stored event row damaged by another program (a date that is no date,
holding personal text), read by the real server's back-fill from the real SQLite file."""

from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest

from backends.customers.models import CustomerDraft
from backends.http import HttpBackend
from backends.people.models import Role
from tests.backend_factories.http import shared_server
from tests.http.conftest import Site

SECRET = "Segreto Rossi +39 333 1234567"


@pytest.mark.sqlite_only("a row damaged as only SQLite's loose column types allow (a non-date "
                         "in events.at); PostgreSQL's timestamptz column refuses the write")
async def test_a_failing_stream_is_logged_without_payload_and_ends_cleanly(
        site: Site, admin: HttpBackend, caplog: pytest.LogCaptureFixture) -> None:
    for i in range(3):
        await admin.customers.create_customer(CustomerDraft(name=f"Cliente {i}"))
    last = await admin.feed.last_event_id()
    hub = shared_server().app.state.ctx.hub
    for _ in range(200):  # bounded: the hub has read past the row before it is damaged,
        if hub.last_id >= last:  # so only a back-filling stream meets it
            break
        await asyncio.sleep(0.05)
    assert hub.last_id >= last
    damaged = last - 1
    with sqlite3.connect(site.db_path) as conn:
        conn.execute("UPDATE events SET at = ? WHERE id = ?", [SECRET, damaged])
    uvicorn_log = logging.getLogger("uvicorn.error")
    uvicorn_log.addHandler(caplog.handler)  # uvicorn's own loggers do not propagate
    caplog.set_level(logging.INFO)
    lines: list[str] = []
    headers = {"Accept": "text/event-stream", "Last-Event-ID": str(damaged - 2)}
    try:
        async with site.client(Role.OPERATOR) as http, \
                http.stream("GET", "/v1/events", headers=headers) as response:
            assert response.status_code == 200

            async def read_to_the_end() -> None:
                async for line in response.aiter_lines():  # raises if the body is cut short
                    lines.append(line)

            await asyncio.wait_for(read_to_the_end(), 15)
    finally:
        uvicorn_log.removeHandler(caplog.handler)
    ids = [int(line.split(":", 1)[1]) for line in lines if line.startswith("id:")]
    assert ids == []  # the page holding the damaged row could not be read: a clean end
    ended = [r for r in caplog.records if r.name == "centralino.server"
             and "event stream ended" in r.getMessage()]
    assert len(ended) == 1
    message = ended[0].getMessage()
    assert f"after event {damaged - 2}" in message and "ValueError" in message
    assert "Segreto" not in caplog.text and "333" not in caplog.text  # no payload anywhere
