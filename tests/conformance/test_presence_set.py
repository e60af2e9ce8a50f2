"""Presence you can set (issue 19, item 5) and the refusals it brings (item 2), on every backend:
away with a note and a return time, do-not-disturb, for operators and directory entries;
transfers of any kind to such a target, or to a department outside its opening hours or on a
public holiday, are refused with the reason and the offer to take a message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backends.calls.models import CallState
from backends.errors import Invalid
from backends.people.hours import closed_reason
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence
from backends.protocol import Backend
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind
from tests.conformance.helpers import active_call, operator


def later(hours: int = 2) -> datetime:
    return (datetime.now(UTC) + timedelta(hours=hours)).replace(microsecond=0)


async def test_an_operator_sets_away_with_a_note_and_a_return_time(backend: Backend) -> None:
    await operator(backend, "bruno")
    back = later()
    away = await backend.people.set_presence("bruno", Presence.AWAY, "at the dentist", back)
    assert (away.presence, away.pause_reason, away.back_at) == (
        Presence.AWAY, "at the dentist", back)
    again = await backend.people.get_operator("bruno")
    assert (again.presence, again.pause_reason, again.back_at) == (
        Presence.AWAY, "at the dentist", back)
    free = await backend.people.set_presence("bruno", Presence.AVAILABLE, "ignored", back)
    assert (free.presence, free.pause_reason, free.back_at) == (Presence.AVAILABLE, None, None)


async def test_a_return_time_in_the_past_is_refused(backend: Backend) -> None:
    await operator(backend, "bruno")
    with pytest.raises(Invalid) as refused:
        await backend.people.set_presence("bruno", Presence.DND, None,
                                          datetime.now(UTC) - timedelta(minutes=5))
    assert refused.value.field == "back_at"
    assert (await backend.people.get_operator("bruno")).presence is Presence.AVAILABLE


async def test_a_directory_colleague_is_set_on_do_not_disturb(backend: Backend) -> None:
    entry = await backend.people.upsert_directory_entry(DirectoryEntry(name="Laura Bianchi"))
    assert entry.id is not None
    back = later(1)
    dnd = await backend.people.set_directory_presence(entry.id, Presence.DND, "board meeting",
                                                      back)
    assert (dnd.presence, dnd.presence_note, dnd.back_at) == (Presence.DND, "board meeting", back)
    [listed] = await backend.people.list_directory("laura")
    assert (listed.presence, listed.presence_note) == (Presence.DND, "board meeting")


@pytest.mark.parametrize("kind", [TransferKind.BLIND, TransferKind.WARM])
@pytest.mark.parametrize("presence", [Presence.AWAY, Presence.DND])
async def test_a_transfer_to_an_away_or_dnd_colleague_is_refused_with_the_note(
        backend: Backend, kind: TransferKind, presence: Presence) -> None:
    call = await active_call(backend, "anna")
    await operator(backend, "bruno")
    await backend.people.set_presence("bruno", presence, "back at 14:00")
    with pytest.raises(Invalid) as refused:
        await backend.transfers.create_transfer(TransferDraft(
            call_id=call.id, from_operator="anna", target="bruno", kind=kind))
    assert refused.value.field == "target"
    assert "back at 14:00" in refused.value.message
    assert "message" in refused.value.message
    still = await backend.calls.get_call(call.id)
    assert (still.state, still.operator) == (CallState.ACTIVE, "anna")


async def test_a_transfer_to_a_directory_person_on_dnd_is_refused(backend: Backend) -> None:
    call = await active_call(backend, "anna")
    entry = await backend.people.upsert_directory_entry(DirectoryEntry(name="Laura Bianchi"))
    assert entry.id is not None
    await backend.people.set_directory_presence(entry.id, Presence.DND, "with a client")
    with pytest.raises(Invalid) as refused:
        await backend.transfers.create_transfer(TransferDraft(
            call_id=call.id, from_operator="anna", target="laura bianchi"))
    assert "with a client" in refused.value.message


async def test_a_department_outside_its_hours_refuses_and_one_inside_takes_the_call(
        backend: Backend) -> None:
    now = datetime.now(UTC)
    today = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[now.weekday()]
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Accounts", kind=DirectoryKind.DEPARTMENT, hours="mon-sun 00:00-00:01"
        if now.hour or now.minute > 1 else "mon-sun 12:00-12:01"))
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Sales", kind=DirectoryKind.DEPARTMENT, hours=f"{today} 00:00-24:00"))
    call = await active_call(backend, "anna")
    with pytest.raises(Invalid) as refused:
        await backend.transfers.create_transfer(TransferDraft(
            call_id=call.id, from_operator="anna", target="Accounts", kind=TransferKind.QUEUE))
    assert "Accounts is closed now" in refused.value.message
    done = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="Sales", kind=TransferKind.QUEUE))
    assert done.target == "Sales"


async def test_a_department_on_a_public_holiday_refuses(backend: Backend) -> None:
    # holidays are looked up for the day of the transfer: make today one by choosing a country
    # where it is, else check the rule on a known holiday only (a calendar fact, no clock trick)
    call = await active_call(backend, "anna")
    # the entry's own zone: unset, its days would be UTC's, and from 23:00 UTC on the eve of
    # a holiday (midnight in Rome) the test and the entry would disagree about "today"
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Support", kind=DirectoryKind.DEPARTMENT, holidays="IT", timezone="Europe/Rome"))
    today_closed = closed_reason("", "IT", "Europe/Rome", datetime.now(UTC))
    if today_closed is None:
        done = await backend.transfers.create_transfer(TransferDraft(
            call_id=call.id, from_operator="anna", target="Support", kind=TransferKind.QUEUE))
        assert done.target == "Support"
    else:
        with pytest.raises(Invalid):
            await backend.transfers.create_transfer(TransferDraft(
                call_id=call.id, from_operator="anna", target="Support",
                kind=TransferKind.QUEUE))
    christmas = datetime(2026, 12, 25, 10, tzinfo=UTC)
    assert "Christmas" in (closed_reason("", "IT", "Europe/Rome", christmas) or "")


async def test_bad_hours_name_the_clause(backend: Backend) -> None:
    with pytest.raises(Exception) as bad:
        DirectoryEntry(name="Accounts", hours="mon-fri 9-18")
    assert "9-18" in str(bad.value)
    with pytest.raises(Exception) as bad:
        DirectoryEntry(name="Accounts", holidays="XX")
    assert "XX" in str(bad.value)


async def test_an_escalation_skips_a_supervisor_on_dnd(backend: Backend) -> None:
    from backends.people.models import Role

    call = await active_call(backend, "anna")
    await backend.people.upsert_operator(Operator(name="sara", role=Role.SUPERVISOR))
    await backend.people.set_presence("sara", Presence.DND)
    await backend.people.upsert_operator(Operator(name="teo", role=Role.SUPERVISOR,
                                                  presence=Presence.AVAILABLE))
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="sara", kind=TransferKind.ESCALATION))
    assert offer.target == "teo"


def _hours_around_now(open_now: bool) -> str:
    """Working hours (UTC) that hold the present minute, or that end before it."""
    now = datetime.now(UTC)
    today = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[now.weekday()]
    if open_now:
        return f"{today} 00:00-24:00"
    return "mon-sun 00:00-00:01" if now.hour or now.minute > 1 else "mon-sun 12:00-12:01"


@pytest.mark.parametrize("kind", [TransferKind.BLIND, TransferKind.WARM])
async def test_a_person_outside_their_working_hours_refuses_and_offers_a_message(
        backend: Backend, kind: TransferKind) -> None:
    call = await active_call(backend, "anna")
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Laura Bianchi", department="Sales", hours=_hours_around_now(False)))
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Marco Verdi", department="Sales", hours=_hours_around_now(True)))
    with pytest.raises(Invalid) as refused:
        await backend.transfers.create_transfer(TransferDraft(
            call_id=call.id, from_operator="anna", target="Laura Bianchi", kind=kind))
    assert refused.value.field == "target"
    assert "Laura Bianchi is not at work now (working hours: " in refused.value.message
    assert "message" in refused.value.message
    still = await backend.calls.get_call(call.id)
    assert (still.state, still.operator) == (CallState.ACTIVE, "anna")
    done = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="Marco Verdi", kind=kind))
    assert done.target == "Marco Verdi"
