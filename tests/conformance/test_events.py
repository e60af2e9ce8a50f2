"""The change feed: ids increase by one with no gap or duplicate; readers resume exactly."""

from __future__ import annotations

import asyncio
import contextlib

from backends.calls.models import CallState
from backends.customers.inputs import CustomerChanges
from backends.feed.models import Event
from backends.protocol import Backend
from backends.tickets.inputs import TicketEntryDraft
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind
from tests.conformance.helpers import active_call, call, customer, operator, ticket

WAIT = 2.0  # seconds a live event may take; bounds the wait, it is not a speed assertion


async def mixed_workload(backend: Backend) -> dict[str, int]:
    """Touch every kind of record; return the ids involved."""
    rossi = await customer(backend, "Mario Rossi")
    await backend.customers.update_customer(
        rossi.id, rossi.version, CustomerChanges(notes="vip soon")
    )
    opened = await ticket(backend, "Line down", customer_id=rossi.id, body="first")
    await backend.tickets.add_ticket_entry(opened.id, TicketEntryDraft(body="second"))
    await backend.tickets.escalate_ticket(opened.id, opened.version, "anna")
    answered = await active_call(backend, "anna")
    await backend.calls.set_call_state(answered.id, CallState.ON_HOLD)
    await operator(backend, "bruno")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=answered.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    await backend.transfers.respond_transfer(offer.id, False, "bruno")
    await call(backend)
    return {"customer": rossi.id, "ticket": opened.id, "call": answered.id}


def assert_consecutive(events: list[Event]) -> None:
    ids = [e.id for e in events]
    assert ids == list(range(ids[0], ids[0] + len(ids))), ids


async def test_ids_increase_by_one_without_gap(backend: Backend) -> None:
    start = await backend.feed.last_event_id()
    touched = await mixed_workload(backend)
    events = await backend.feed.read_events(start)
    assert len(events) >= 10
    assert events[0].id == start + 1
    assert_consecutive(events)
    assert await backend.feed.last_event_id() == events[-1].id
    subjects = {e.subject for e in events}
    for kind, ident in touched.items():
        assert f"{kind}:{ident}" in subjects


async def test_concurrent_writers_leave_no_gap(backend: Backend) -> None:
    start = await backend.feed.last_event_id()
    await asyncio.gather(*(customer(backend, f"Parallel {i}") for i in range(15)),
                         *(ticket(backend, f"Parallel ticket {i}") for i in range(15)))
    events = await backend.feed.read_events(start)
    assert len(events) >= 30
    assert_consecutive(events)
    assert len({e.id for e in events}) == len(events)


async def test_read_events_resumes_exactly(backend: Backend) -> None:
    start = await backend.feed.last_event_id()
    await mixed_workload(backend)
    everything = await backend.feed.read_events(start)
    middle = everything[len(everything) // 2].id
    tail = await backend.feed.read_events(middle)
    assert tail == [e for e in everything if e.id > middle]
    first_three = await backend.feed.read_events(start, limit=3)
    assert first_three == everything[:3]
    paged: list[Event] = []
    cursor = start
    while page := await backend.feed.read_events(cursor, limit=4):
        paged.extend(page)
        cursor = page[-1].id
    assert paged == everything
    assert await backend.feed.read_events(everything[-1].id) == []


async def next_event(feed: object) -> Event:
    return await asyncio.wait_for(anext(feed), WAIT)  # type: ignore[arg-type]


async def test_live_feed_from_an_id(backend: Backend) -> None:
    await customer(backend, "Before subscribing")
    start = await backend.feed.last_event_id()
    feed = backend.feed.events(start)
    try:
        created = await customer(backend, "After subscribing")
        event = await next_event(feed)
        assert event.id == start + 1 and event.subject == f"customer:{created.id}"
    finally:
        await feed.aclose()


async def test_live_feed_replays_then_follows(backend: Backend) -> None:
    start = await backend.feed.last_event_id()
    first = await customer(backend, "Already there")
    feed = backend.feed.events(start)
    try:
        replayed = await next_event(feed)
        assert replayed.subject == f"customer:{first.id}"
        second = await customer(backend, "Arrives later")
        live = await next_event(feed)
        assert live.id == replayed.id + 1 and live.subject == f"customer:{second.id}"
    finally:
        await feed.aclose()


async def test_live_feed_from_now(backend: Backend) -> None:
    await customer(backend, "Old news")
    feed = backend.feed.events()
    pending = asyncio.ensure_future(next_event(feed))
    try:
        for _ in range(5):  # let the subscriber start before the change is made
            await asyncio.sleep(0.05)
        created = await customer(backend, "Fresh")
        event = await pending
        assert event.subject == f"customer:{created.id}"
    finally:
        pending.cancel()
        with contextlib.suppress(BaseException):
            await pending
        await feed.aclose()
