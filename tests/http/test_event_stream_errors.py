"""A server-side failure inside an event stream is logged (kind of error, event id, no payload)
and the stream ends cleanly, so the client reconnects with Last-Event-ID as after any break.

The failure is real: a stored event row damaged by another program (a date no Python datetime
can hold, and personal text), read by the real server's back-fill from the real store (the
SQLite file, or the PostgreSQL database)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from backends.customers.inputs import CustomerDraft
from backends.http import HttpBackend
from backends.people.models import Role
from tests.backend_factories.http import shared_server
from tests.http.conftest import Site

SECRET = "Segreto Rossi +39 333 1234567"

# per store: how another program damages an event row (the personal text put into it) and
# the kind of error the server then logs
DAMAGE = {
    # SQLite's loose column types hold any text in events.at: a date that is no date
    "sqlite": ("UPDATE events SET at = ? WHERE id = ?", "ValueError"),
    # PostgreSQL's timestamptz refuses that but holds 'infinity', which no Python datetime
    # is (psycopg's DataError, the store's Invalid); the personal text goes into the data
    "postgres": ("UPDATE events SET at = 'infinity', data = jsonb_build_object('note', ?::text) "
                 "WHERE id = ?", "invalid (Invalid)"),
}


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
    statement, kind = DAMAGE[site.store]
    site.sql(statement, [SECRET, damaged])
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
    assert f"after event {damaged - 2}" in message and kind in message, message
    assert "Segreto" not in caplog.text and "333" not in caplog.text  # no payload anywhere
