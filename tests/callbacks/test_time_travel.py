"""Callbacks against a frozen clock that the test moves: due, window, grace and the hand-over
to anyone, across the daylight-saving changes and across time zones. The service runs over the
real SQLite storage (a file in the test's folder); only its clock is the test's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backends.callbacks import rules
from backends.callbacks.inputs import CallbackCompletion, CallbackDraft
from backends.callbacks.models import CallbackScope
from backends.callbacks.service import CallbacksService
from backends.callbacks.when import local_label, parse_when, zone, zone_of_number
from backends.people.models import Operator, Role
from backends.sqlite import SqliteBackend
from backends.sqlite.callbacks_storage import SqliteCallbacksStorage

ROME = zone("Europe/Rome")
BUCHAREST = zone("Europe/Bucharest")
NEW_YORK_NUMBER = "+12125551234"


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def to(self, at: datetime) -> None:
        self.at = at


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    async with SqliteBackend(tmp_path / "travel.db") as backend:
        for name, role in (("anna", Role.OPERATOR), ("bruno", Role.OPERATOR),
                           ("sara", Role.SUPERVISOR)):
            await backend.people.upsert_operator(Operator(name=name, display_name=name,
                                                          role=role))
        yield backend


def service(store: SqliteBackend, clock: Clock) -> CallbacksService:
    return CallbacksService(SqliteCallbacksStorage(store._store), clock=clock)


async def test_due_window_grace_and_hand_over_across_spring_forward(
        store: SqliteBackend) -> None:
    """Saturday 28 March 2026, 18:00 in Rome; the clocks go forward that night (02:00 → 03:00).
    'tomorrow 10' is 10:00 CEST = 08:00 UTC, not 09:00 UTC as a fixed offset would give."""
    clock = Clock(datetime(2026, 3, 28, 18, 0, tzinfo=ROME))
    cbs = service(store, clock)
    due_at = parse_when("tomorrow 10", clock().astimezone(ROME))
    assert due_at.astimezone(UTC) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    booked = await cbs.book_callback(CallbackDraft(
        number="06 1234 5678", owner="anna", due_at=due_at, window_minutes=60,
        grace_minutes=30, reason="new router"))

    clock.to(datetime(2026, 3, 29, 7, 59, tzinfo=UTC))
    assert await cbs.list_due("anna") == []
    clock.to(datetime(2026, 3, 29, 8, 0, tzinfo=UTC))  # 10:00 in Rome
    assert [c.id for c in await cbs.list_due("anna")] == [booked.id]
    assert await cbs.list_due("bruno") == []  # personal
    clock.to(datetime(2026, 3, 29, 9, 29, 59, tzinfo=UTC))  # window closed, grace running
    assert await cbs.list_due("bruno") == []
    assert await cbs.hand_over_overdue() == []
    clock.to(datetime(2026, 3, 29, 9, 30, tzinfo=UTC))  # window + grace over
    assert [c.id for c in await cbs.list_due("bruno")] == [booked.id]
    before = await store.feed.last_event_id()
    handed = await cbs.hand_over_overdue()
    assert [(c.id, c.scope) for c in handed] == [(booked.id, CallbackScope.ANYONE)]
    assert handed[0].handed_over_at == datetime(2026, 3, 29, 9, 30, tzinfo=UTC)
    told = [e.data["tell"] for e in await store.feed.read_events(before)
            if e.kind == "callback.handed_over"]
    assert told == [["anna", "sara"]]

    clock.to(datetime(2026, 3, 29, 9, 31, tzinfo=UTC))
    made = await cbs.make_callback(booked.id, "bruno")
    assert not rules.made_in_window(made)
    await cbs.complete_callback(booked.id, CallbackCompletion(operator="bruno",
                                                              outcome="RESOLVED"))
    assert [(c.group, c.due, c.made_in_window) for c in await cbs.compliance()] == [
        ("anna", 1, 0)]


async def test_relative_time_across_fall_back(store: SqliteBackend) -> None:
    """25 October 2026, 01:30 CEST in Rome; at 03:00 the clocks go back to 02:00. '+2h' is two
    hours of elapsed time: 02:30 CET, which the operator's clock shows as 02:30 (not 03:30)."""
    clock = Clock(datetime(2026, 10, 25, 1, 30, tzinfo=ROME))
    assert clock().utcoffset() == timedelta(hours=2)
    due_at = parse_when("+2h", clock().astimezone(ROME))
    assert due_at.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert f"{due_at.astimezone(ROME):%H:%M %Z}" == "02:30 CET"
    cbs = service(store, clock)
    booked = await cbs.book_callback(CallbackDraft(number="06 1234 5678", owner="anna",
                                                   due_at=due_at, window_minutes=30))
    clock.to(datetime(2026, 10, 25, 1, 29, tzinfo=UTC))
    assert await cbs.list_due("anna") == []
    clock.to(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
    made = await cbs.make_callback(booked.id, "anna")
    assert rules.made_in_window(made)


async def test_the_same_words_in_two_time_zones_and_the_customers_local_time(
        store: SqliteBackend) -> None:
    """20 March 2026: New York has been on summer time since 8 March, Europe not yet. '16:30'
    typed in Rome and in Bucharest are different instants; the New York customer's clock shows
    11:30 EDT for the Roman one (15:30 UTC), not 10:30 as a fixed six-hour gap would say."""
    at = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    in_rome = parse_when("16:30", at.astimezone(ROME))
    in_bucharest = parse_when("16:30", at.astimezone(BUCHAREST))
    assert in_rome - in_bucharest == timedelta(hours=1)
    customer_zone = zone_of_number(NEW_YORK_NUMBER)
    assert local_label(in_rome, customer_zone) == "Fri 11:30 EDT"
    assert local_label(in_rome, ROME) == "Fri 16:30 CET"
    cbs = service(store, Clock(at))
    booked = await cbs.book_callback(CallbackDraft(number=NEW_YORK_NUMBER, owner="anna",
                                                   due_at=in_rome))
    assert booked.due_at == datetime(2026, 3, 20, 15, 30, tzinfo=UTC)


async def test_the_window_edges(store: SqliteBackend) -> None:
    """Made at the due time counts; made at the end of the window does not."""
    due = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    for made_at, inside in ((due, True), (due + timedelta(minutes=59), True),
                            (due + timedelta(minutes=60), False),
                            (due - timedelta(minutes=1), False)):
        clock = Clock(due - timedelta(hours=1))
        cbs = service(store, clock)
        booked = await cbs.book_callback(CallbackDraft(
            number="06 1234 5678", owner="anna", due_at=due, window_minutes=60,
            scope=CallbackScope.ANYONE))
        clock.to(made_at)
        if made_at < due:  # not due yet: it is not offered, but an operator may call early
            assert await cbs.list_due("anna") == []
        made = await cbs.make_callback(booked.id, "anna")
        assert rules.made_in_window(made) is inside, made_at
        await cbs.complete_callback(booked.id, CallbackCompletion(operator="anna",
                                                                  outcome="RESOLVED"))


def test_the_weekday_is_in_the_operator_s_language() -> None:
    """Issue 16: "Mon 04:29 UTC" stood in a Romanian customer view's callbacks."""
    from backends import i18n

    at = datetime(2026, 3, 20, 15, 30, tzinfo=UTC)
    try:
        for language, expected in (("it", "ven 16:30 CET"), ("ro", "vin. 16:30 CET"),
                                   ("hu", "P 16:30 CET")):
            i18n.activate(language, None)
            assert local_label(at, ROME) == expected
    finally:
        i18n.activate("en", None)
    assert local_label(at, ROME) == "Fri 16:30 CET"
