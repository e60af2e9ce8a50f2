"""Appointments on every backend: a slot with a colleague stored and listed for the colleague
and for who booked it; the same colleague never booked twice for overlapping times (back to
back is fine); a past slot refused (README, "Appointments")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backends.appointments.api import APPOINTMENTS, Appointments
from backends.appointments.models import AppointmentDraft
from backends.errors import Conflict, Invalid
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
