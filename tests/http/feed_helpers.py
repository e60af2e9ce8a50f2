"""Shared by the event-stream tests: follow the console's feed through a faulty transport
while another operator writes, until the last write's event has arrived."""

from __future__ import annotations

import asyncio
import contextlib

import httpx

from backends.customers.inputs import CustomerDraft
from backends.feed.models import Event
from backends.http import HttpBackend
from backends.people.models import Role
from tests.http.conftest import Site


async def _collect_until(feed: object, last_id: int, into: list[Event]) -> None:
    async for event in feed:  # type: ignore[attr-defined]
        into.append(event)
        if event.id >= last_id:
            return


async def follow_while_writing(site: Site, admin: HttpBackend, transport: httpx.AsyncBaseTransport,
                               writes: int, name: str,
                               start: int | None = None) -> tuple[int, int, list[Event]]:
    """(last event id before, last event id after, events seen) for `writes` new customers
    named `name` + a number, followed from `start` (default: now) by an operator whose
    requests go through `transport`."""
    consumer = site.backend(Role.OPERATOR, transport=transport)
    await consumer.open()
    if start is None:
        start = await admin.feed.last_event_id()
    seen: list[Event] = []
    feed = consumer.feed.events(after_id=start)
    try:
        for i in range(writes):
            await admin.customers.create_customer(CustomerDraft(name=f"{name} {i}"))
        last = await admin.feed.last_event_id()
        await asyncio.wait_for(_collect_until(feed, last, seen), 30)
    finally:
        with contextlib.suppress(Exception):
            await feed.aclose()  # type: ignore[attr-defined]
        await consumer.close()
    return start, last, seen
