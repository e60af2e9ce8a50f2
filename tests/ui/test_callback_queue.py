"""Due callbacks at the head of the operator's queue, at 80x24 on a real SQLite file: shown
first (before a caller already waiting), with what they are about, and made with one key (the
answer key, F5), which says the reason, the ticket and the call it was booked on; a callback
handed over to anyone is told to the supervisors without their callbacks pane ever opened."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from backends.callbacks.api import CALLBACKS
from backends.callbacks.inputs import CallbackDraft
from backends.callbacks.models import CallbackState
from backends.calls.inputs import CallChanges, CallDraft
from backends.calls.models import CallState, Direction
from backends.people.models import Operator, Role
from backends.tickets.inputs import TicketDraft
from screens.calls.call_queue import CallQueue
from tests.ui.helpers import OPERATOR, make_app, screen_text, started, wait_for


async def test_a_due_callback_is_first_in_the_queue_and_made_with_one_key(
        store, tmp_path: Path) -> None:
    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna"))
    first = await store.calls.create_call(CallDraft(caller="+390612345678"))
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Router firmware"))
    first = await store.calls.update_call(first.id, first.version,
                                          CallChanges(ticket_ids=[ticket.id]))
    await store.calls.set_call_state(first.id, CallState.ABANDONED)
    booked = await store.domain(CALLBACKS).book_callback(CallbackDraft(
        number="+390612345678", owner=OPERATOR, reason="firmware [b]answer[/b]",
        ticket_id=ticket.id, call_id=first.id,
        due_at=datetime.now(UTC) - timedelta(minutes=5)))
    waiting = await store.calls.create_call(CallDraft(caller="+390287654321"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        queue = screen.query_one(CallQueue)
        await wait_for(pilot, lambda: len(queue.head) == 1 and len(queue.calls) == 1,
                       what="the callback at the head of the queue")
        shown = screen_text(app)
        assert "1 callback first" in shown
        assert f"#{ticket.id} firmware [b]" in shown  # text, never markup
        assert shown.index("firmware") < shown.index("02 8765 4321")  # ahead of the caller
        assert "callback/General" in shown  # the queue's name, not its id ("general")

        await pilot.press("f5")  # one key
        await wait_for(pilot, lambda: screen.call is not None, what="the callback's call")
        made = await store.domain(CALLBACKS).get_callback(booked.id)
        assert made.state is CallbackState.DIALLING
        assert screen.call.id == made.outbound_call_id
        assert (screen.call.direction, screen.call.ticket_ids) == (Direction.OUTBOUND,
                                                                   [ticket.id])
        assert (await store.calls.get_call(waiting.id)).state is CallState.WAITING
        await wait_for(pilot, lambda: any(
            f"booked on call {first.id}" in str(n.message) and "firmware" in str(n.message)
            for n in app._notifications), what="what the callback is about")
        await wait_for(pilot, lambda: queue.head == [], what="the head cleared")


async def test_supervisors_are_told_of_a_hand_over_without_opening_the_pane(
        store, tmp_path: Path) -> None:
    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna",
                                                role=Role.SUPERVISOR))
    await store.people.upsert_operator(Operator(name="bruno", display_name="Bruno"))
    booked = await store.domain(CALLBACKS).book_callback(CallbackDraft(
        number="+390612345678", owner="bruno",
        due_at=datetime.now(UTC) - timedelta(hours=3)))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        assert screen.work_area.built("callbacks") is None  # never opened
        await store.domain(CALLBACKS).hand_over_overdue()
        await wait_for(pilot, lambda: any(
            f"Callback {booked.id} of bruno" in str(n.message)
            for n in app._notifications), what="the supervisor told")
        assert screen.work_area.built("callbacks") is None


class Clock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.at


async def test_a_callback_joins_the_head_when_the_clock_reaches_its_due_time(
        store, tmp_path: Path) -> None:
    """Frozen clock, read by the console and by the store's rules: nothing at the head before
    the due time; at it, the callback comes first, shown as late as it is."""
    from backends.callbacks.service import CallbacksService
    from console.app import CentralinoApp

    clock = Clock()
    service = store.domain(CALLBACKS)
    assert isinstance(service, CallbacksService)
    service.clock = clock
    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna"))
    booked = await service.book_callback(CallbackDraft(
        number="+390612345678", owner=OPERATOR, reason="router swap",
        due_at=clock.at + timedelta(hours=1)))
    app = CentralinoApp(store, OPERATOR, clock=clock, cursor_blink=False, open_backend=False,
                        close_backend=False, drafts_dir=tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        queue = screen.query_one(CallQueue)
        desk = screen.callback_desk
        await wait_for(pilot, lambda: desk.told == set() and screen.ready, what="first check")
        await desk._check_due()
        assert queue.head == []
        clock.at += timedelta(hours=1, minutes=7)  # past its due time
        await desk._check_due()
        await wait_for(pilot, lambda: [c.id for c in queue.head] == [booked.id],
                       what="the callback at the head")
        await wait_for(pilot, lambda: "↩7m" in screen_text(app), what="how late it is")
        assert "router swap" in screen_text(app)
