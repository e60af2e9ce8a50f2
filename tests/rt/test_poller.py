"""RT has no push: changes another user makes directly in RT reach the feed through the
poller within a few seconds; changes made through the backend are not reported twice."""

from __future__ import annotations

import asyncio

import httpx

from backends.feed.models import Event
from backends.rt import RtBackend
from backends.tickets.inputs import TicketChanges, TicketDraft
from backends.tickets.models import TicketStatus

WAIT = 15.0  # bounds the wait for the poller (every 0.5 s in tests); not a speed assertion


async def wait_for_event(backend: RtBackend, after: int, subject: str,
                         kind: str) -> Event:
    feed = backend.feed.events(after)
    try:
        async with asyncio.timeout(WAIT):
            async for event in feed:
                if event.subject == subject and event.kind == kind:
                    return event
    finally:
        await feed.aclose()
    raise AssertionError("unreachable")


async def test_change_by_another_user_reaches_the_feed(rt_backend: RtBackend,
                                                       agent: httpx.AsyncClient) -> None:
    created = await rt_backend.tickets.create_ticket(TicketDraft(subject="Watched"))
    start = await rt_backend.feed.last_event_id()
    answer = await agent.put(f"/ticket/{created.id}", json={"Status": "open"})
    assert answer.status_code == 200, answer.text
    event = await wait_for_event(rt_backend, start, f"ticket:{created.id}", "ticket.updated")
    assert event.data["by"] == "agent" and event.data["source"] == "rt-poll"
    fresh = await rt_backend.tickets.get_ticket(created.id)
    assert fresh.status is TicketStatus.OPEN and fresh.version == created.version + 1


async def test_ticket_created_in_rt_by_another_user(rt_backend: RtBackend,
                                                    agent: httpx.AsyncClient) -> None:
    start = await rt_backend.feed.last_event_id()
    answer = await agent.post("/ticket", json={"Queue": rt_backend.queue,
                                               "Subject": "Came in by mail"})
    assert answer.status_code == 201, answer.text
    ticket_id = int(answer.json()["id"])
    await wait_for_event(rt_backend, start, f"ticket:{ticket_id}", "ticket.created")
    assert (await rt_backend.tickets.get_ticket(ticket_id)).subject == "Came in by mail"


async def test_other_queues_and_own_changes_are_not_reported(
        rt_backend: RtBackend, agent: httpx.AsyncClient) -> None:
    created = await rt_backend.tickets.create_ticket(TicketDraft(subject="Mine"))
    start = await rt_backend.feed.last_event_id()
    await rt_backend.tickets.update_ticket(created.id, created.version,
                                           TicketChanges(status=TicketStatus.OPEN))
    elsewhere = await agent.post("/ticket", json={"Queue": "General", "Subject": "Not ours"})
    assert elsewhere.status_code == 201, elsewhere.text
    # a change of somebody else's after both, as a marker that the poller has looked
    marker = await rt_backend.tickets.create_ticket(TicketDraft(subject="Marker"))
    await agent.put(f"/ticket/{marker.id}", json={"Subject": "Marker, touched"})
    await wait_for_event(rt_backend, start, f"ticket:{marker.id}", "ticket.updated")
    events = await rt_backend.feed.read_events(start)
    mine = [e for e in events if e.subject == f"ticket:{created.id}"]
    assert [e.kind for e in mine] == ["ticket.updated"] and mine[0].data["source"] == "rt"
    assert f"ticket:{int(elsewhere.json()['id'])}" not in {e.subject for e in events}


async def test_customer_changed_in_rt_reaches_the_feed_only_in_scope(
        rt_backend: RtBackend, agent: httpx.AsyncClient) -> None:
    from backends.customers.inputs import CustomerDraft

    mine = await rt_backend.customers.create_customer(CustomerDraft(name="Scoped Customer"))
    created = await agent.post("/user", json={"Name": f"outsider-{mine.id}",
                                              "RealName": "Outsider"})
    assert created.status_code == 201, created.text
    outsider = (await agent.get(f"/user/outsider-{mine.id}")).json()["id"]
    start = await rt_backend.feed.last_event_id()
    await agent.put(f"/user/{outsider}", json={"Organization": "Elsewhere"})
    changed = await agent.put(f"/user/{mine.id}", json={"Organization": "Changed by agent"})
    assert changed.status_code == 200, changed.text
    event = await wait_for_event(rt_backend, start, f"customer:{mine.id}", "customer.updated")
    assert event.data["by"] == "agent"
    assert f"customer:{outsider}" not in {
        e.subject for e in await rt_backend.feed.read_events(start)
    }
    fresh = await rt_backend.customers.get_customer(mine.id)
    assert fresh.company == "Changed by agent" and fresh.version == mine.version + 1
