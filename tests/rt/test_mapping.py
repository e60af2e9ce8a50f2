"""The RT ↔ Centralino mapping: the pure tables, then round trips through the real RT, read
back both through the backend and as RT itself stores them (raw REST 2.0 JSON)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.customers.models import Consent
from backends.rt import RtBackend, mapping
from backends.tickets.inputs import TicketChanges, TicketDraft
from backends.tickets.models import TicketCategory, TicketPriority, TicketStatus


@pytest.mark.parametrize(("rt_status", "ours"), [
    ("new", TicketStatus.NEW), ("open", TicketStatus.OPEN), ("stalled", TicketStatus.PENDING),
    ("resolved", TicketStatus.RESOLVED), ("rejected", TicketStatus.CLOSED),
    ("deleted", TicketStatus.CLOSED), ("Stalled", TicketStatus.PENDING),
    ("waiting-for-parts", TicketStatus.OPEN)])
def test_status_from_rt(rt_status: str, ours: TicketStatus) -> None:
    assert mapping.status_from_rt(rt_status) is ours


def test_every_status_written_reads_back_as_itself() -> None:
    for ours in TicketStatus:
        assert mapping.status_from_rt(mapping.STATUS_TO_RT[ours]) is ours


@pytest.mark.parametrize(("number", "ours"), [
    (0, TicketPriority.LOW), (29, TicketPriority.LOW), (30, TicketPriority.NORMAL),
    (64, TicketPriority.NORMAL), (65, TicketPriority.HIGH), (89, TicketPriority.HIGH),
    (90, TicketPriority.URGENT), (100, TicketPriority.URGENT), ("50", TicketPriority.NORMAL),
    ("junk", TicketPriority.NORMAL), (None, TicketPriority.NORMAL)])
def test_priority_bands(number: object, ours: TicketPriority) -> None:
    assert mapping.priority_from_rt(number) is ours


def test_every_priority_written_reads_back_as_itself() -> None:
    for ours in TicketPriority:
        assert mapping.priority_from_rt(mapping.PRIORITY_TO_RT[ours]) is ours


@pytest.mark.parametrize(("text", "literal"), [
    ("plain", "'plain'"),
    ("O'Brien", "'O\\'Brien'"),
    ("back\\slash", "'back\\\\slash'"),
    ("\\'", "'\\\\\\''"),
    ("line\nbreak\x00", "'line break '"),
])
def test_ticketsql_literals_escape_quotes_and_backslashes(text: str, literal: str) -> None:
    assert mapping.sql_literal(text) == literal


def test_codes_and_dates() -> None:
    assert mapping.code_of("IT-4242", 7) == "IT-4242"
    assert mapping.code_of("mario@example.it", 7) == "RT-000007"
    assert mapping.code_of("root", 14) == "RT-000014"  # lower-case names are logins, not codes
    assert mapping.date_from_rt("1970-01-01T00:00:00Z") is None
    assert mapping.date_from_rt("2026-12-01T10:00:00Z") == datetime(2026, 12, 1, 10, tzinfo=UTC)


async def test_ticket_round_trip_as_rt_stores_it(rt_backend: RtBackend) -> None:
    owner = await rt_backend.customers.create_customer(CustomerDraft(name="Round Trip"))
    due = datetime(2026, 12, 24, 9, 30, tzinfo=UTC)
    created = await rt_backend.tickets.create_ticket(TicketDraft(
        subject="Fibre down", customer_id=owner.id, priority=TicketPriority.HIGH,
        category=TicketCategory.TECHNICAL, tier=2, assignee="anna", due_at=due,
        tags=["fibre", "north"]))
    raw, _version = await rt_backend.client.get_json(f"/ticket/{created.id}")
    assert raw["Queue"]["id"] and raw["Priority"] == "80" and raw["Status"] == "new"
    assert mapping.cf_values(raw, "Tier") == ["2"]
    assert mapping.cf_values(raw, "Category") == ["technical"]
    assert sorted(mapping.cf_values(raw, "Tags")) == ["fibre", "north"]
    assert mapping.cf_values(raw, "Assignee") == ["anna"]
    assert raw["Due"] == "2026-12-24T09:30:00Z"
    assert (created.customer_id, created.due_at, created.tier) == (owner.id, due, 2)

    current = created
    for status in (TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.RESOLVED,
                   TicketStatus.CLOSED, TicketStatus.NEW):
        current = await rt_backend.tickets.update_ticket(current.id, current.version,
                                                         TicketChanges(status=status))
        raw, _version = await rt_backend.client.get_json(f"/ticket/{created.id}")
        assert (current.status, raw["Status"]) == (status, mapping.STATUS_TO_RT[status])
    for priority in TicketPriority:
        current = await rt_backend.tickets.update_ticket(current.id, current.version,
                                                         TicketChanges(priority=priority))
        assert current.priority is priority
    cleared = await rt_backend.tickets.update_ticket(current.id, current.version, TicketChanges(
        assignee=None, due_at=None, tags=[]))
    assert (cleared.assignee, cleared.due_at, cleared.tags) == (None, None, [])
    assert await rt_backend.tickets.get_ticket(created.id) == cleared


async def test_customer_round_trip_as_rt_stores_it(rt_backend: RtBackend) -> None:
    created = await rt_backend.customers.create_customer(CustomerDraft(
        name="Éva Szőke", company="Szőke Kft.", phones=["+36 1 234 5678"],
        email="eva.szoke@example.hu", language="hu", tags=["VIP"], notes="mornings",
        consent=Consent(recording=True)))
    raw, _version = await rt_backend.client.get_json(f"/user/{created.id}")
    assert (raw["RealName"], raw["Organization"], raw["EmailAddress"], raw["Lang"],
            raw["Comments"]) == ("Éva Szőke", "Szőke Kft.", "eva.szoke@example.hu", "hu",
                                 "mornings")
    assert mapping.cf_values(raw, "Phone") == ["+3612345678"]
    assert mapping.cf_values(raw, "Consent") == ["recording"]
    assert created.code == mapping.derived_code(created.id)
    changed = await rt_backend.customers.update_customer(
        created.id, created.version, CustomerChanges(consent=Consent(marketing=True), tags=[])
    )
    assert changed.consent == Consent(marketing=True) and changed.tags == []
    assert changed.version == created.version + 1
