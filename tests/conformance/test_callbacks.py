"""Callbacks on every backend (SQLite, our server, Request Tracker's local store): booking,
the due list, making one with one operation, done only with an outcome, rescheduling that keeps
the history, the hand-over of an overdue personal callback to anyone (its owner and the
supervisors told on the change feed) and compliance. Times are relative to the real clock
here; tests/callbacks/test_time_travel.py moves a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backends.callbacks.api import CALLBACKS, Callbacks
from backends.callbacks.inputs import CallbackCompletion, CallbackDraft, CallbackReschedule
from backends.callbacks.models import CallbackScope, CallbackState, ComplianceBy
from backends.calls.models import CallState, Direction
from backends.customers.inputs import CustomerDraft
from backends.errors import Conflict, Forbidden, Invalid
from backends.people.models import Operator, Presence, Role
from backends.protocol import Backend
from tests.conformance.helpers import ROME, operator


def callbacks(backend: Backend) -> Callbacks:
    return backend.domain(CALLBACKS)


def now() -> datetime:
    return datetime.now(UTC)


def draft(owner: str = "anna", due_in: timedelta = timedelta(minutes=-5),
          **fields: object) -> CallbackDraft:
    return CallbackDraft(number=fields.pop("number", "06 1234 5678"), owner=owner,
                         due_at=now() + due_in, reason="router settings", **fields)


async def supervisor(backend: Backend, name: str = "sara") -> None:
    await backend.people.upsert_operator(Operator(name=name, display_name=name.title(),
                                                  role=Role.SUPERVISOR))


async def test_book_and_read_back(backend: Backend) -> None:
    await operator(backend, "anna")
    before = await backend.feed.last_event_id()
    booked = await callbacks(backend).book_callback(draft(due_in=timedelta(hours=2),
                                                          window_minutes=45))
    assert booked.number == ROME  # normalised to E.164 in the store's region
    assert (booked.state, booked.scope, booked.window_minutes) == (
        CallbackState.OPEN, CallbackScope.PERSONAL, 45)
    assert booked.due_at.utcoffset() == timedelta(0)
    assert [e.what for e in booked.history] == ["booked"]
    assert await callbacks(backend).get_callback(booked.id) == booked
    events = await backend.feed.read_events(before)
    assert [e.kind for e in events] == ["callback.booked"]
    assert events[0].data["owner"] == "anna"


async def test_booking_refuses_what_cannot_be_kept(backend: Backend) -> None:
    await operator(backend, "anna")
    cases = [(draft(owner="nobody"), "owner"),
             (draft(due_in=timedelta(days=-3)), "due_at"),
             (draft(due_in=timedelta(days=400)), "due_at"),
             (draft(call_id=999_999), "call_id")]
    for bad, field in cases:
        with pytest.raises(Invalid) as caught:
            await callbacks(backend).book_callback(bad)
        assert caught.value.field == field
    assert await callbacks(backend).list_callbacks(owner="anna") == []


async def test_due_list_offers_personal_to_the_owner_and_anyone_to_all(backend: Backend) -> None:
    for name in ("anna", "bruno"):
        await operator(backend, name)
    mine = await callbacks(backend).book_callback(draft())
    shared = await callbacks(backend).book_callback(draft(
        scope=CallbackScope.ANYONE, due_in=timedelta(minutes=-10)))
    await callbacks(backend).book_callback(draft(due_in=timedelta(hours=1)))  # not yet due
    assert [c.id for c in await callbacks(backend).list_due("anna")] == [shared.id, mine.id]
    assert [c.id for c in await callbacks(backend).list_due("bruno")] == [shared.id]


async def test_make_places_an_outbound_call_in_one_operation(backend: Backend) -> None:
    for name in ("anna", "bruno"):
        await operator(backend, name)
    booked = await callbacks(backend).book_callback(draft())
    with pytest.raises(Forbidden):
        await callbacks(backend).make_callback(booked.id, "bruno")
    made = await callbacks(backend).make_callback(booked.id, "anna")
    assert (made.state, made.made_by, made.attempts) == (CallbackState.DIALLING, "anna", 1)
    assert made.outbound_call_id is not None and made.first_made_at is not None
    call = await backend.calls.get_call(made.outbound_call_id)
    assert (call.direction, call.state, call.operator, call.caller) == (
        Direction.OUTBOUND, CallState.ACTIVE, "anna", ROME)
    assert call.handover_note == "router settings"
    assert (await backend.people.get_operator("anna")).presence is Presence.ON_CALL
    assert await callbacks(backend).list_due("anna") == []
    with pytest.raises(Conflict):
        await callbacks(backend).make_callback(booked.id, "anna")


async def test_done_only_with_an_outcome(backend: Backend) -> None:
    for name in ("anna", "bruno"):
        await operator(backend, name)
    booked = await callbacks(backend).book_callback(draft())
    await callbacks(backend).make_callback(booked.id, "anna")
    with pytest.raises(Invalid) as caught:
        await callbacks(backend).complete_callback(
            booked.id, CallbackCompletion.model_construct(operator="anna", outcome=" ", note=""))
    assert caught.value.field == "outcome"
    with pytest.raises(Forbidden):  # someone else's call in progress
        await callbacks(backend).complete_callback(
            booked.id, CallbackCompletion(operator="bruno", outcome="RESOLVED"))
    done = await callbacks(backend).complete_callback(
        booked.id, CallbackCompletion(operator="anna", outcome="RESOLVED", note="all set"))
    assert (done.state, done.outcome) == (CallbackState.DONE, "RESOLVED")
    assert [e.what for e in done.history] == ["booked", "made", "done"]
    with pytest.raises(Conflict):
        await callbacks(backend).complete_callback(
            booked.id, CallbackCompletion(operator="anna", outcome="RESOLVED"))


async def test_reschedule_keeps_the_history(backend: Backend) -> None:
    await operator(backend, "anna")
    booked = await callbacks(backend).book_callback(draft())
    await callbacks(backend).make_callback(booked.id, "anna")
    later = now() + timedelta(days=1)
    moved = await callbacks(backend).reschedule_callback(booked.id, CallbackReschedule(
        operator="anna", due_at=later, window_minutes=30, note="no answer"))
    assert (moved.state, moved.window_minutes, moved.attempts) == (CallbackState.OPEN, 30, 1)
    assert abs(moved.due_at - later) < timedelta(milliseconds=1)
    assert [e.what for e in moved.history] == ["booked", "made", "rescheduled"]
    assert moved.history[0].due_at == booked.due_at
    assert moved.history[2].note == "no answer"
    assert await callbacks(backend).list_due("anna") == []


async def test_an_overdue_personal_callback_goes_to_anyone_and_they_are_told(
        backend: Backend) -> None:
    for name in ("anna", "bruno"):
        await operator(backend, name)
    await supervisor(backend)
    overdue = await callbacks(backend).book_callback(draft(
        due_in=timedelta(hours=-3), window_minutes=60, grace_minutes=30))
    in_grace = await callbacks(backend).book_callback(draft(
        due_in=timedelta(minutes=-70), window_minutes=60, grace_minutes=30))
    # the rule holds before anyone runs the hand-over
    assert [c.id for c in await callbacks(backend).list_due("bruno")] == [overdue.id]
    before = await backend.feed.last_event_id()
    handed = await callbacks(backend).hand_over_overdue()
    assert [c.id for c in handed] == [overdue.id]
    assert handed[0].scope is CallbackScope.ANYONE and handed[0].handed_over_at is not None
    assert (await callbacks(backend).get_callback(in_grace.id)).scope is CallbackScope.PERSONAL
    events = [e for e in await backend.feed.read_events(before)
              if e.kind == "callback.handed_over"]
    assert [(e.subject, e.data["owner"], e.data["tell"]) for e in events] == [
        (f"callback:{overdue.id}", "anna", ["anna", "sara"])]
    assert await callbacks(backend).hand_over_overdue() == []  # once only
    made = await callbacks(backend).make_callback(overdue.id, "bruno")
    assert made.made_by == "bruno"


async def test_compliance_counts_first_attempts_inside_the_window(backend: Backend) -> None:
    for name in ("anna", "bruno"):
        await operator(backend, name)
    kept = await callbacks(backend).book_callback(draft(due_in=timedelta(minutes=-5)))
    await callbacks(backend).make_callback(kept.id, "anna")
    await callbacks(backend).complete_callback(
        kept.id, CallbackCompletion(operator="anna", outcome="RESOLVED"))
    await callbacks(backend).book_callback(draft(due_in=timedelta(hours=-3),
                                                 queue="sales"))  # missed
    late = await callbacks(backend).book_callback(draft(owner="bruno",
                                                        due_in=timedelta(hours=-2)))
    await callbacks(backend).make_callback(late.id, "bruno")  # after its window
    await callbacks(backend).book_callback(draft(owner="bruno"))  # window still open
    figures = {c.group: (c.due, c.made_in_window)
               for c in await callbacks(backend).compliance()}
    assert figures == {"anna": (2, 1), "bruno": (1, 0)}
    teams = {c.group: (c.due, c.made_in_window)
             for c in await callbacks(backend).compliance(by=ComplianceBy.QUEUE)}
    assert teams == {"general": (2, 1), "sales": (1, 0)}


async def test_lists_by_owner_customer_and_state(backend: Backend) -> None:
    for name in ("anna", "bruno"):
        await operator(backend, name)
    customer = await backend.customers.create_customer(CustomerDraft(name="Ada Lovelace"))
    first = await callbacks(backend).book_callback(draft(customer_id=customer.id))
    await callbacks(backend).book_callback(draft(owner="bruno"))
    assert [c.id for c in await callbacks(backend).list_callbacks(
        customer_id=customer.id)] == [first.id]
    assert [c.owner for c in await callbacks(backend).list_callbacks(owner="bruno")] == ["bruno"]
    await callbacks(backend).make_callback(first.id, "anna")
    assert await callbacks(backend).list_callbacks(owner="anna",
                                                   states=[CallbackState.OPEN]) == []
