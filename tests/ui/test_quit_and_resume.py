"""Quitting in the middle of work (issue 15, item 5): Ctrl+Q with a call in hand or an unsaved
ticket asks first (Enter stays); a console that died with a call open offers it back at the
next start (resume, or end and wrap up) instead of asking for a new customer again. Real SQLite
file, nothing mocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from backends.models import CallState, Operator, Presence
from screens.calls.leave_dialogs import QuitDialog, ResumeDialog
from screens.calls.wrapup_dialog import WrapUpDialog
from tests.ui.helpers import OPERATOR, make_app, screen_text, seed_basic, started, wait_for

UNKNOWN = "+393331112222"  # seed_basic's caller with no customer record


async def test_ctrl_q_during_a_call_asks_and_enter_stays(store: Any, tmp_path: Path) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        call_id = screen.call.id
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitDialog), what="the question")
        assert "in progress" in screen_text(app)
        await pilot.press("enter")  # Enter = stay
        await wait_for(pilot, lambda: not isinstance(app.screen, QuitDialog), what="stayed")
        await pilot.pause(0.2)
        assert app.is_running and screen.call.id == call_id
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitDialog), what="asked again")
        await pilot.press("q")  # quit anyway
        await wait_for(pilot, lambda: not app.is_running, what="the console closed")
    kept = await store.calls.get_call(call_id)
    assert (kept.state, kept.operator) == (CallState.ACTIVE, OPERATOR)


async def test_ctrl_q_with_an_unsaved_ticket_asks(store: Any, tmp_path: Path) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        screen.show_customer_record(people["maria"])
        await pilot.press("f9")  # a ticket for the customer shown, no call
        await wait_for(pilot, lambda: isinstance(app.focused, Input)
                       and app.focused.id == "subject", what="the ticket's subject")
        await pilot.press(*"Window broken")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitDialog), what="the question")
        assert "unsaved" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, QuitDialog), what="stayed")
        assert app.is_running


async def test_ctrl_q_with_nothing_open_quits_at_once(store: Any, tmp_path: Path) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, what="the console closed")
    assert (await store.people.get_operator(OPERATOR)).presence is Presence.OFFLINE


async def died_during_a_call(store: Any) -> int:
    """The session before: the unknown caller answered, then the console was gone."""
    await seed_basic(store)
    await store.people.upsert_operator(Operator(name=OPERATOR, presence=Presence.AVAILABLE))
    [waiting] = [c for c in await store.calls.list_calls(states=[CallState.WAITING])
                 if c.caller == UNKNOWN]
    return (await store.calls.answer_call(waiting.id, OPERATOR)).id


async def test_the_next_start_offers_the_open_call_back(store: Any, tmp_path: Path) -> None:
    call_id = await died_during_a_call(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeDialog),
                       what="the call offered back")
        assert "left open" in screen_text(app)
        await pilot.press("enter")  # resume
        await wait_for(pilot, lambda: not isinstance(app.screen, ResumeDialog), what="resumed")
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "MainScreen"  # no new-customer form popped
        assert screen.call is not None and screen.call.id == call_id
        assert screen.call.state is CallState.ACTIVE


async def test_the_open_call_can_be_wrapped_up_at_start(store: Any, tmp_path: Path) -> None:
    call_id = await died_during_a_call(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeDialog),
                       what="the call offered back")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.call is None, what="finished")
    done = await store.calls.get_call(call_id)
    assert done.state is CallState.DONE
    assert (await store.people.get_operator(OPERATOR)).presence is Presence.AVAILABLE
