"""Callbacks from the keyboard at 80x24 on a real SQLite file: booked from the wrap-up in three
keys plus the time (F8, the "Callback booked" digit, the time, Enter), shown with the
customer's local time, then, with the clock moved on to the due time, made with one key from
the callbacks pane (Ctrl+Y, Enter) and completed by the outbound call's outcome. The console and
the store's callbacks service read one clock, which the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Input

from backends.callbacks.api import CALLBACKS
from backends.callbacks.inputs import CallbackDraft
from backends.callbacks.models import CallbackScope, CallbackState
from backends.callbacks.service import CallbacksService
from backends.callbacks.when import zone
from backends.calls.inputs import CallDraft
from backends.calls.models import CallState, Direction
from backends.customers.inputs import CustomerDraft
from backends.people.models import Presence
from console.app import CentralinoApp
from screens.callbacks.book_dialog import BookCallbackDialog
from screens.callbacks.booking import CallbackDefaults
from screens.calls.wrapup_dialog import WrapUpDialog
from tests.ui.helpers import OPERATOR, screen_text, started, wait_for

ROME = zone("Europe/Rome")


class Clock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.at


async def test_book_in_three_keys_plus_the_time_then_make_it_when_due(
        store, tmp_path: Path) -> None:
    clock = Clock()
    service = store.domain(CALLBACKS)
    assert isinstance(service, CallbacksService)
    service.clock = clock  # the store's rules read the test's clock
    customer = await store.customers.create_customer(CustomerDraft(
        name="Maria Rossi", phones=["+39 06 1234 5678"]))
    await store.calls.create_call(CallDraft(caller="+390612345678"))
    dispositions = [d.code for d in await store.people.list_dispositions() if d.active]
    digit = str(dispositions.index("CALLBACK") + 1)
    app = CentralinoApp(store, OPERATOR, clock=clock, cursor_blink=False, open_backend=False,
                        close_backend=False, drafts_dir=tmp_path / "drafts")
    app.callback_defaults = CallbackDefaults(zone=ROME, window_minutes=60, grace_minutes=30)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        answered = screen.call

        await pilot.press("f8", digit)  # keys 1 and 2
        await wait_for(pilot, lambda: isinstance(app.screen, BookCallbackDialog),
                       what="the booking dialog")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), what="time focused")
        await pilot.press(*"+2h")  # the time
        await wait_for(pilot, lambda: "yours" in screen_text(app), what="time read back")
        await pilot.press("enter")  # key 3
        await wait_for(pilot, lambda: screen.call is None, what="call finished")
        booked = await service.list_callbacks(owner=OPERATOR)
        assert len(booked) == 1
        callback = booked[0]
        assert callback.due_at == clock.at + timedelta(hours=2)
        assert (callback.number, callback.customer_id, callback.call_id, callback.scope) == (
            "+390612345678", customer.id, answered.id, CallbackScope.PERSONAL)
        assert (callback.window_minutes, callback.grace_minutes) == (60, 30)
        assert (await store.calls.get_call(answered.id)).disposition == "CALLBACK"

        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: "0 callbacks due now" in screen_text(app),
                       what="nothing due yet")
        clock.at += timedelta(hours=2)  # travel to the due time
        screen.query_one("#callbacks").refresh_list()
        await wait_for(pilot, lambda: "1 callback due now" in screen_text(app),
                       what="the callback due")
        screen.query_one("#callbacks-table").focus()
        await pilot.press("enter")  # make it: one key
        await wait_for(pilot, lambda: screen.call is not None, what="the callback's call")
        made = await service.get_callback(callback.id)
        assert made.state is CallbackState.DIALLING
        assert screen.call.id == made.outbound_call_id
        assert (screen.call.direction, screen.call.state) == (Direction.OUTBOUND,
                                                              CallState.ACTIVE)
        assert screen.operator.presence is Presence.ON_CALL

        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        await pilot.press("1")
        await wait_for(pilot, lambda: screen.call is None, what="outbound call finished")
        done = await service.get_callback(callback.id)
        assert (done.state, done.outcome) == (CallbackState.DONE, dispositions[0])
        assert [e.what for e in done.history] == ["booked", "made", "done"]


async def test_the_360_view_shows_open_callbacks_and_last_scores(store, tmp_path: Path) -> None:
    from backends.people.models import Operator
    from backends.surveys.api import SURVEYS
    from backends.surveys.inputs import SurveyAnswerDraft
    from tests.ui.helpers import make_app

    customer = await store.customers.create_customer(CustomerDraft(
        name="Maria Rossi", phones=["+39 06 1234 5678"]))
    await store.people.upsert_operator(Operator(name="bruno", display_name="Bruno"))
    await store.domain(CALLBACKS).book_callback(CallbackDraft(
        number="+390612345678", owner="bruno", customer_id=customer.id,
        due_at=datetime.now(UTC) + timedelta(days=1), reason="[bold]new router[/bold]"))
    await store.domain(SURVEYS).record_answer(SurveyAnswerDraft(
        operator="bruno", customer_id=customer.id, csat=4, nps=9, solved=False,
        comment="still slow"))
    await store.calls.create_call(CallDraft(caller="+390612345678"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        follow = screen.query_one("#cv-follow")
        await wait_for(pilot, lambda: "Open callbacks (1)" in str(follow.render()),
                       what="the open callback")
        shown = str(follow.render())
        assert "bruno" in shown and "[bold]new router[/bold]" in shown  # text, not markup
        assert "CSAT 4 · NPS 9 · not solved" in shown and "still slow" in shown


async def test_the_owner_is_told_when_a_callback_goes_to_anyone(store, tmp_path: Path) -> None:
    from tests.ui.helpers import make_app

    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        booked = await store.domain(CALLBACKS).book_callback(CallbackDraft(
            number="+390612345678", owner=OPERATOR,
            due_at=datetime.now(UTC) - timedelta(hours=3)))
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: "1 callback due now" in screen_text(app),
                       what="the callbacks pane")
        await store.domain(CALLBACKS).hand_over_overdue()
        await wait_for(pilot, lambda: any(
            f"Callback {booked.id} of {OPERATOR}" in str(n.message)
            for n in app._notifications), what="the owner told")


async def test_the_survey_is_read_out_and_stored_with_the_call(store, tmp_path: Path) -> None:
    from backends.surveys.api import SURVEYS
    from backends.surveys.models import FeedbackKind
    from screens.callbacks.survey_dialog import SurveyDialog
    from tests.ui.helpers import make_app

    customer = await store.customers.create_customer(CustomerDraft(
        name="Maria Rossi", phones=["+39 06 1234 5678"]))
    await store.calls.create_call(CallDraft(caller="+390612345678", queue="billing"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        call = screen.call
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: "callbacks due now" in screen_text(app), what="pane")
        screen.query_one("#callbacks-table").focus()
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, SurveyDialog), what="survey")
        await pilot.press("7", "enter")  # CSAT out of range: said, and the field kept
        await wait_for(pilot, lambda: "from 1 to 5" in screen_text(app), what="the error")
        assert isinstance(app.screen, SurveyDialog)
        await pilot.press("backspace", "4", "tab", "9", "tab", "n", "tab", *"line drops",
                          "tab", "c", "tab", *"line quality", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, SurveyDialog),
                       what="survey saved")
        await wait_for(pilot, lambda: any("Survey saved" in str(n.message)
                                          for n in app._notifications), what="saved")
    answers = await store.domain(SURVEYS).list_answers(customer_id=customer.id)
    assert [(a.call_id, a.operator, a.queue, a.csat, a.nps, a.solved, a.comment)
            for a in answers] == [(call.id, OPERATOR, "billing", 4, 9, False, "line drops")]
    complaints = await store.domain(SURVEYS).list_feedback(kind=FeedbackKind.COMPLAINT)
    assert [(f.topic, f.text, f.survey_id, f.customer_id) for f in complaints] == [
        ("line quality", "line drops", answers[0].id, customer.id)]


async def test_a_callback_booked_from_a_ticket(store, tmp_path: Path) -> None:
    """No call: find the customer (F3), open their ticket from the 360 view, then Ctrl+Y,
    Ctrl+B, the time, Enter: the callback is on that customer, number and ticket."""
    from backends.tickets.inputs import TicketDraft
    from tests.ui.helpers import make_app

    maria = await store.customers.create_customer(CustomerDraft(
        name="Maria Rossi", phones=["+39 06 1234 5678"]))
    ticket = await store.tickets.create_ticket(TicketDraft(
        subject="Router keeps rebooting", customer_id=maria.id, body="since Monday"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f3", *"Rossi")
        lookup = screen.query_one("#lookup")
        await wait_for(pilot, lambda: len(lookup.results) == 1, what="lookup")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: ticket.ref in screen_text(app), what="ticket listed")
        screen.query_one("#cv-ticket-list").focus()
        await pilot.press("enter")
        editor = screen.query_one("#ticket")
        await wait_for(pilot, lambda: getattr(editor, "ticket", None) is not None,
                       what="ticket open")
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: "callbacks due now" in screen_text(app), what="pane")
        screen.query_one("#callbacks-table").focus()
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, BookCallbackDialog),
                       what="the booking dialog")
        await pilot.press(*"tomorrow 10", "enter")
        await wait_for(pilot, lambda: "1 to come" in screen_text(app), what="booked")
    [booked] = await store.domain(CALLBACKS).list_callbacks(owner=OPERATOR)
    assert (booked.number, booked.customer_id, booked.ticket_id, booked.call_id) == (
        "+390612345678", maria.id, ticket.id, None)


async def test_the_operator_is_told_when_callbacks_are_due(store, tmp_path: Path) -> None:
    """Without opening the callbacks pane: signed in, the desk checks and says so."""
    from backends.people.models import Operator
    from tests.ui.helpers import make_app

    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna"))
    for minutes in (5, 15):
        await store.domain(CALLBACKS).book_callback(CallbackDraft(
            number="+390612345678", owner=OPERATOR,
            due_at=datetime.now(UTC) - timedelta(minutes=minutes)))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: any("2 callbacks due: first in your queue"
                                          in str(n.message) for n in app._notifications),
                       what="told of the due callbacks")
