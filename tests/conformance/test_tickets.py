"""Tickets: create with a first note, entries, escalation tiers, optimistic updates, listing."""

from __future__ import annotations

import pytest

from backends.errors import Conflict, Invalid, NotFound
from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges, TicketEntryDraft
from backends.tickets.models import EntryKind, TicketCategory, TicketPriority, TicketStatus
from tests.conformance.helpers import active_call, customer, ticket


async def test_create_with_first_note_and_get(backend: Backend) -> None:
    owner = await customer(backend, "Mario Rossi")
    created = await ticket(backend, "Router does not connect", customer_id=owner.id,
                           category=TicketCategory.TECHNICAL, priority=TicketPriority.HIGH,
                           body="Lights blink red since Monday", author="anna", tags=["fibre"])
    assert created.id > 0 and created.version == 1 and created.tier == 1
    assert created.status is TicketStatus.NEW and created.is_open
    assert created.customer_id == owner.id and created.tags == ["fibre"]
    assert await backend.tickets.get_ticket(created.id) == created
    entries = await backend.tickets.list_ticket_entries(created.id)
    assert [(e.body, e.author, e.ticket_id) for e in entries] == [
        ("Lights blink red since Monday", "anna", created.id)]


async def test_ticket_without_body_has_no_note(backend: Backend) -> None:
    created = await ticket(backend, "Just a subject")
    assert [e for e in await backend.tickets.list_ticket_entries(created.id)
            if e.kind is not EntryKind.SYSTEM] == []


async def test_ticket_opened_from_a_call_links_both(backend: Backend) -> None:
    call = await active_call(backend, "anna")
    created = await ticket(backend, "Opened during the call", call_id=call.id)
    assert call.id in created.call_ids
    assert created.id in (await backend.calls.get_call(call.id)).ticket_ids


async def test_entries_are_listed_oldest_first(backend: Backend) -> None:
    created = await ticket(backend, "Refund", body="first")
    second = await backend.tickets.add_ticket_entry(
        created.id, TicketEntryDraft(kind=EntryKind.REPLY, author="anna", body="second"))
    assert second.id > 0 and second.ticket_id == created.id and second.kind is EntryKind.REPLY
    await backend.tickets.add_ticket_entry(
        created.id, TicketEntryDraft(body="third\nwith two lines")
    )
    bodies = [e.body for e in await backend.tickets.list_ticket_entries(created.id)]
    assert bodies == ["first", "second", "third\nwith two lines"]


async def test_missing_ticket_is_not_found(backend: Backend) -> None:
    for attempt in (
        backend.tickets.get_ticket(424242),
        backend.tickets.update_ticket(424242, 1, TicketChanges(subject="x")),
        backend.tickets.escalate_ticket(424242, 1, "anna"),
        backend.tickets.add_ticket_entry(424242, TicketEntryDraft(body="hello")),
        backend.tickets.list_ticket_entries(424242),
    ):
        with pytest.raises(NotFound):
            await attempt


async def test_escalate_one_two_three_then_invalid(backend: Backend) -> None:
    created = await ticket(backend, "Line down")
    tier2 = await backend.tickets.escalate_ticket(
        created.id, created.version, "anna", "needs tier 2"
    )
    assert (tier2.tier, tier2.version) == (2, created.version + 1)
    # an escalated new ticket is being worked on: open, on every store (tickets/rules.py)
    assert (created.status, tier2.status) == (TicketStatus.NEW, TicketStatus.OPEN)
    tier3 = await backend.tickets.escalate_ticket(created.id, tier2.version, "bruno")
    assert (tier3.tier, tier3.version) == (3, tier2.version + 1)
    with pytest.raises(Invalid) as info:
        await backend.tickets.escalate_ticket(
            created.id, tier3.version, "carla", "there is no tier 4"
        )
    assert info.value.field == "tier"
    assert await backend.tickets.get_ticket(created.id) == tier3
    system = [e for e in await backend.tickets.list_ticket_entries(created.id)
              if e.kind is EntryKind.SYSTEM]
    assert len(system) == 2  # one logged entry per escalation
    assert "needs tier 2" in system[0].body


async def test_escalate_with_stale_version_is_a_conflict(backend: Backend) -> None:
    created = await ticket(backend, "Line down")
    tier2 = await backend.tickets.escalate_ticket(created.id, created.version, "anna")
    with pytest.raises(Conflict) as info:
        await backend.tickets.escalate_ticket(created.id, created.version, "bruno")
    assert info.value.current == tier2
    assert (await backend.tickets.get_ticket(created.id)).tier == 2


async def test_update_and_conflict(backend: Backend) -> None:
    created = await ticket(backend, "Line down")
    updated = await backend.tickets.update_ticket(
        created.id, created.version,
        TicketChanges(status=TicketStatus.OPEN, assignee="anna", priority=TicketPriority.URGENT))
    assert updated.version == created.version + 1
    assert (updated.status, updated.assignee, updated.priority) == (
        TicketStatus.OPEN, "anna", TicketPriority.URGENT)
    assert updated.subject == "Line down"
    with pytest.raises(Conflict) as info:
        await backend.tickets.update_ticket(created.id, created.version,
                                            TicketChanges(status=TicketStatus.CLOSED))
    assert info.value.current == updated
    assert await backend.tickets.get_ticket(created.id) == updated


async def test_ticket_for_missing_customer_is_refused(backend: Backend) -> None:
    with pytest.raises((NotFound, Invalid)):
        await ticket(backend, "Orphan", customer_id=999_999)


async def test_list_tickets_filters_newest_first(backend: Backend) -> None:
    rossi = await customer(backend, "Mario Rossi")
    first = await ticket(backend, "first", customer_id=rossi.id)
    second = await ticket(backend, "second", customer_id=rossi.id, assignee="anna")
    other = await ticket(backend, "other customer")
    closed = await backend.tickets.update_ticket(
        other.id, 1, TicketChanges(status=TicketStatus.CLOSED)
    )
    assert [t.id for t in await backend.tickets.list_tickets(customer_id=rossi.id)] == [second.id,
                                                                                         first.id]
    assert [t.id for t in await backend.tickets.list_tickets(assignee="anna")] == [second.id]
    open_ids = [t.id for t in await backend.tickets.list_tickets(statuses=[TicketStatus.NEW])]
    assert closed.id not in open_ids and {first.id, second.id} <= set(open_ids)
    assert [t.id for t in await backend.tickets.list_tickets(statuses=[TicketStatus.CLOSED])] == [
        closed.id]
    assert len(await backend.tickets.list_tickets(limit=2)) == 2
