"""Appointments on every backend: a slot with a colleague stored and listed for the colleague
and for who booked it; the same colleague never booked twice for overlapping times (back to
back is fine); a past slot refused; cancelled (kept, sequence bumped, the slot free again) and
moved (the colleague free then) by who booked it, the colleague met or a supervisor only
(README, "Appointments")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backends.appointments.api import APPOINTMENTS, Appointments
from backends.appointments.inputs import AppointmentDraft, Cancel, Reschedule
from backends.appointments.models import AppointmentStatus
from backends.errors import Conflict, Forbidden, Invalid, NotFound
from backends.people.models import Operator, Role
from backends.protocol import Backend
from tests.conformance.helpers import operator

ROME = ZoneInfo("Europe/Rome")


def appointments(backend: Backend) -> Appointments:
    return backend.domain(APPOINTMENTS)


def slot(days: int, hour: int, minute: int = 0, **fields: object) -> AppointmentDraft:
    day = (datetime.now(ROME) + timedelta(days=days)).date()
    values: dict[str, object] = {
        "person": "Paolo Sales", "starts_at": datetime(day.year, day.month, day.day, hour,
                                                       minute, tzinfo=ROME),
        "minutes": 60, "subject": "Fibre offer: visit", "booked_by": "anna",
        "contact_name": "Ada Rossi", "contact_phone": "+390612345671", **fields}
    return AppointmentDraft.model_validate(values)


async def test_a_booked_slot_is_shown_to_both(backend: Backend) -> None:
    await operator(backend, "anna")
    before = await backend.feed.last_event_id()
    booked = await appointments(backend).book_appointment(slot(3, 10, place="Via Roma 1"))
    assert booked.starts_at == slot(3, 10).starts_at.astimezone(UTC)
    assert (booked.person, booked.booked_by, booked.place, booked.minutes) == (
        "Paolo Sales", "anna", "Via Roma 1", 60)
    assert await appointments(backend).list_appointments(person="Paolo Sales") == [booked]
    assert await appointments(backend).list_appointments(booked_by="anna") == [booked]
    assert await appointments(backend).list_appointments(person="Someone Else") == []
    later = datetime.now(UTC) + timedelta(days=10)
    assert await appointments(backend).list_appointments(since=later) == []
    assert [e.kind for e in await backend.feed.read_events(before)] == ["appointment.booked"]


async def test_a_colleague_is_never_booked_twice_for_the_same_time(backend: Backend) -> None:
    await operator(backend, "anna")
    await appointments(backend).book_appointment(slot(3, 10))
    with pytest.raises(Conflict, match="Paolo Sales already has an appointment"):
        await appointments(backend).book_appointment(slot(3, 10, 30))
    back_to_back = await appointments(backend).book_appointment(slot(3, 11))
    other = await appointments(backend).book_appointment(slot(3, 10, person="Lucia Sales"))
    listed = await appointments(backend).list_appointments()
    assert [a.starts_at for a in listed] == sorted(a.starts_at for a in listed)  # earliest first
    assert {a.id for a in listed} >= {back_to_back.id, other.id}
    assert len(await appointments(backend).list_appointments(person="Paolo Sales")) == 2


async def test_a_past_slot_is_refused(backend: Backend) -> None:
    await operator(backend, "anna")
    with pytest.raises(Invalid) as refused:
        await appointments(backend).book_appointment(slot(-1, 10))
    assert refused.value.field == "starts_at"


async def test_cancel_keeps_it_off_the_list_and_bumps_the_sequence(backend: Backend) -> None:
    await operator(backend, "anna")
    booked = await appointments(backend).book_appointment(slot(3, 10))
    assert (booked.status, booked.sequence) == (AppointmentStatus.BOOKED, 0)
    before = await backend.feed.last_event_id()
    cancelled = await appointments(backend).cancel_appointment(
        booked.id, Cancel(by="anna", reason="the customer called back"))
    assert (cancelled.status, cancelled.sequence) == (AppointmentStatus.CANCELLED, 1)
    assert (cancelled.cancelled_by, cancelled.cancel_reason) == ("anna",
                                                                 "the customer called back")
    assert await appointments(backend).list_appointments(person="Paolo Sales") == []
    assert await appointments(backend).list_appointments(
        person="Paolo Sales", include_cancelled=True) == [cancelled]
    assert await appointments(backend).get_appointment(booked.id) == cancelled
    assert [e.kind for e in await backend.feed.read_events(before)] == [
        "appointment.cancelled"]
    with pytest.raises(Conflict):  # once is enough
        await appointments(backend).cancel_appointment(booked.id, Cancel(by="anna"))
    # the slot is free again
    again = await appointments(backend).book_appointment(slot(3, 10, booked_by="anna"))
    assert again.id != booked.id


async def test_reschedule_moves_it_and_checks_the_colleague_is_free(backend: Backend) -> None:
    await operator(backend, "anna")
    booked = await appointments(backend).book_appointment(slot(3, 10))
    other = await appointments(backend).book_appointment(slot(4, 9))
    with pytest.raises(Conflict, match="Paolo Sales already has an appointment"):
        await appointments(backend).reschedule_appointment(booked.id, Reschedule(
            by="anna", starts_at=slot(4, 9, 30).starts_at))
    with pytest.raises(Invalid):
        await appointments(backend).reschedule_appointment(booked.id, Reschedule(
            by="anna", starts_at=slot(-1, 9).starts_at))
    # moving within its own old slot is no clash with itself
    moved = await appointments(backend).reschedule_appointment(booked.id, Reschedule(
        by="anna", starts_at=slot(3, 10, 30).starts_at, minutes=30))
    assert moved.starts_at == slot(3, 10, 30).starts_at.astimezone(UTC)
    assert (moved.minutes, moved.sequence, moved.status) == (30, 1, AppointmentStatus.BOOKED)
    moved = await appointments(backend).reschedule_appointment(booked.id, Reschedule(
        by="anna", starts_at=slot(4, 10).starts_at))
    assert (moved.minutes, moved.sequence) == (30, 2)
    listed = await appointments(backend).list_appointments(person="Paolo Sales")
    assert [a.id for a in listed] == [other.id, booked.id]
    events = [e.kind for e in await backend.feed.read_events(0)]
    assert events.count("appointment.rescheduled") == 2


async def test_who_may_change_an_appointment(backend: Backend) -> None:
    await operator(backend, "anna")
    await operator(backend, "bruno")  # another operator: neither booked it nor meets them
    await backend.people.upsert_operator(Operator(name="paolo", display_name="Paolo Sales"))
    await backend.people.upsert_operator(Operator(name="sara", role=Role.SUPERVISOR))
    booked = await appointments(backend).book_appointment(slot(3, 10))
    with pytest.raises(Forbidden):
        await appointments(backend).cancel_appointment(booked.id, Cancel(by="bruno"))
    with pytest.raises(Forbidden):
        await appointments(backend).reschedule_appointment(booked.id, Reschedule(
            by="bruno", starts_at=slot(5, 10).starts_at))
    with pytest.raises(NotFound):
        await appointments(backend).cancel_appointment(999_999, Cancel(by="anna"))
    # the colleague met (signed in as paolo, "Paolo Sales" in the directory) moves it
    moved = await appointments(backend).reschedule_appointment(booked.id, Reschedule(
        by="paolo", starts_at=slot(5, 10).starts_at))
    assert moved.sequence == 1
    # and sees it as theirs, by login
    assert [a.id for a in await appointments(backend).appointments_with("paolo")] == [
        booked.id]
    assert await appointments(backend).appointments_with("bruno") == []
    # a supervisor may call it off
    done = await appointments(backend).cancel_appointment(booked.id, Cancel(by="sara"))
    assert done.cancelled_by == "sara"
    assert await appointments(backend).appointments_with("paolo") == []
    assert len(await appointments(backend).appointments_with(
        "paolo", include_cancelled=True)) == 1


async def test_a_colleague_is_matched_without_case(backend: Backend) -> None:
    """One colleague may be written "Paolo Sales" by one operator and "paolo sales" by
    another: the same person's slots, list and calendar (SQLite's NOCASE; lower() on
    PostgreSQL)."""
    await operator(backend, "anna")
    await backend.people.upsert_operator(Operator(name="paolo", display_name="Paolo Sales"))
    booked = await appointments(backend).book_appointment(slot(3, 10))
    with pytest.raises(Conflict, match="already has an appointment"):
        await appointments(backend).book_appointment(slot(3, 10, 30, person="PAOLO sales"))
    lower = await appointments(backend).book_appointment(slot(3, 11, person="paolo sales"))
    moved = await appointments(backend).reschedule_appointment(lower.id, Reschedule(
        by="anna", starts_at=slot(3, 12).starts_at))
    with pytest.raises(Conflict, match="already has an appointment"):
        await appointments(backend).reschedule_appointment(booked.id, Reschedule(
            by="anna", starts_at=slot(3, 11, 30).starts_at))
    assert [a.id for a in await appointments(backend).list_appointments(
        person="PAOLO SALES")] == [booked.id, moved.id]
    assert [a.id for a in await appointments(backend).appointments_with("paolo")] == [
        booked.id, moved.id]
