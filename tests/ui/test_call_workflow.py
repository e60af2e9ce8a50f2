"""The operator's core workflow driven from the keyboard on a real SQLite file: answer, screen
pop, ticket, wrap-up, picker, new-customer form, pause. Key counts are the product's targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.customers.inputs import CustomerDraft
from backends.people.models import Presence
from screens.calls.pause_dialog import PauseDialog
from screens.calls.wrapup_dialog import WrapUpDialog
from screens.customers.customer_form import CustomerForm
from screens.customers.customer_picker import CustomerPicker
from tests.ui.helpers import (
    NOW,
    OPERATOR,
    make_app,
    queue_ids,
    screen_text,
    seed_basic,
    shows,
    started,
    wait_for,
)

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_answer_pops_caller_then_ticket_then_wrapup(store, tmp_path: Path,
                                                          size: tuple[int, int]) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="3 waiting calls")
        head = queue_ids(screen)[0]

        await pilot.press("f5")  # answer + see the caller: 1 key
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        assert screen.call.id == head
        assert screen.customer.id == people["luca"].id  # priority 6 is the head of the queue
        await wait_for(pilot, lambda: "Luca Bianchi" in screen_text(app), what="360 view")
        assert screen.operator.presence is Presence.ON_CALL
        assert head not in queue_ids(screen)

        await pilot.press("f9")  # ticket from the call: F9, type, Ctrl+S = 2 keys + typing
        editor = screen.query_one("#ticket")
        await wait_for(pilot, lambda: getattr(editor, "call", None) is not None
                       and isinstance(app.focused, Input)
                       and app.focused.value.startswith("Call from"),
                       what="ticket editor for the call, subject focused")
        await pilot.pause(0.2)
        await pilot.press(*"Invoice twice")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.ticket_id is not None, what="ticket saved")
        ticket = await store.tickets.get_ticket(screen.ticket_id)
        assert ticket.subject == "Invoice twice"
        assert ticket.customer_id == people["luca"].id
        assert head in ticket.call_ids

        await pilot.press("f8")  # wrap-up: F8 + Enter = 2 keys
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        assert screen.operator.presence is Presence.WRAP_UP
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.call is None and screen.operator.presence
                       is Presence.AVAILABLE, what="available again")
        call = await store.calls.get_call(head)
        assert call.state is CallState.DONE
        assert call.disposition == (await store.people.list_dispositions())[0].code
        assert (await store.people.get_operator(OPERATOR)).presence is Presence.AVAILABLE
        await pilot.press("ctrl+q")  # leaving marks the operator offline
    assert (await store.people.get_operator(OPERATOR)).presence is Presence.OFFLINE


async def test_wrapup_is_required_before_available(store, tmp_path: Path) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        await pilot.press("f7")  # hold, then take back
        await wait_for(pilot, lambda: screen.call.state is CallState.ON_HOLD, what="on hold")
        await shows(pilot, "on hold")
        await pilot.press("f7")
        await wait_for(pilot, lambda: screen.call.state is CallState.ACTIVE, what="active")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        await pilot.press("escape")  # decide later: still in wrap-up, cannot answer
        await wait_for(pilot, lambda: not isinstance(app.screen, WrapUpDialog), what="closed")
        assert screen.operator.presence is Presence.WRAP_UP
        assert screen.check_action("answer_next", ()) is False
        await pilot.press("f5")  # ignored while in wrap-up
        await pilot.pause(0.3)
        assert len(queue_ids(screen)) == 2
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        await pilot.press("3")  # a digit picks the third outcome directly
        await wait_for(pilot, lambda: screen.call is None, what="call closed")
        codes = [d.code for d in await store.people.list_dispositions()]
        done = await store.calls.list_calls(states=[CallState.DONE])
        assert [c.disposition for c in done] == [codes[2]]


async def test_picker_when_several_customers_share_the_number(store, tmp_path: Path) -> None:
    first = await store.customers.create_customer(CustomerDraft(name="Paolo Neri",
                                                                phones=["+39 06 4444 5555"]))
    second = await store.customers.create_customer(CustomerDraft(name="Giulia Neri",
                                                                 phones=["06 4444 5555"]))
    call = await store.calls.create_call(CallDraft(caller="+390644445555", arrived_at=NOW))
    assert call.customer_id is None
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerPicker), what="picker")
        await shows(pilot, "Paolo Neri", "Giulia Neri")
        order = [c.id for c in app.screen._customers]
        await pilot.press("2")
        chosen = order[1]
        await wait_for(pilot, lambda: screen.customer is not None
                       and screen.customer.id == chosen, what="chosen customer shown")
        await wait_for(pilot, lambda: screen.call.customer_id == chosen, what="call linked")
        assert {first.id, second.id} == set(order)
        assert (await store.calls.get_call(call.id)).customer_id == chosen


async def test_new_customer_form_prefilled_with_the_number(store, tmp_path: Path) -> None:
    call = await store.calls.create_call(CallDraft(caller="+390655566677", arrived_at=NOW))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="form")
        phone = app.screen.query_one("#cf-phones", Input).value
        assert phone == "+39 06 5556 6677"
        await pilot.press("ctrl+s")  # no name yet: the form says which field and stays
        await wait_for(pilot, lambda: "Name: cannot be empty" in str(
            app.screen.query_one("#cf-error").render()), what="field error")
        assert isinstance(app.screen, CustomerForm)
        await pilot.press(*"Carla Gialli")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.customer is not None, what="customer created")
        assert screen.customer.name == "Carla Gialli"
        assert screen.customer.phones == ["+390655566677"]
        await wait_for(pilot, lambda: screen.call.customer_id == screen.customer.id,
                       what="call linked")
        assert (await store.calls.get_call(call.id)).customer_id == screen.customer.id


async def test_pause_needs_a_reason_and_resume(store, tmp_path: Path) -> None:
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        assert screen.operator.presence is Presence.AVAILABLE
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, PauseDialog), what="pause dialog")
        app.screen.query_one("#pause-reason", Input).focus()
        await pilot.press("enter")  # empty reason: refused, the dialog stays
        await pilot.pause(0.1)
        assert isinstance(app.screen, PauseDialog)
        await shows(pilot, "needs a reason")
        await pilot.press(*"Coaching", "enter")
        await wait_for(pilot, lambda: screen.operator.presence is Presence.PAUSED,
                       what="paused")
        assert screen.operator.pause_reason == "Coaching"
        await shows(pilot, "Coaching")
        assert screen.check_action("answer_next", ()) is False
        stored = await store.people.get_operator(OPERATOR)
        assert (stored.presence, stored.pause_reason) == (Presence.PAUSED, "Coaching")
        await pilot.press("f2")  # resume
        await wait_for(pilot, lambda: screen.operator.presence is Presence.AVAILABLE,
                       what="available")
        assert (await store.people.get_operator(OPERATOR)).presence is Presence.AVAILABLE


async def test_pause_with_a_common_reason_in_two_keys(store, tmp_path: Path) -> None:
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, PauseDialog), what="pause dialog")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.operator.presence is Presence.PAUSED,
                       what="paused")
        assert screen.operator.pause_reason == "Break"


async def test_open_ticket_from_the_customer_view(store, tmp_path: Path) -> None:
    from backends.tickets.inputs import TicketDraft

    people = await seed_basic(store)
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Router keeps rebooting",
                                                           customer_id=people["maria"].id,
                                                           body="since Monday"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f3", *"Rossi")
        lookup = screen.query_one("#lookup")
        await wait_for(pilot, lambda: len(lookup.results) == 1, what="lookup")
        await pilot.press("down", "enter")  # into the results, open the record
        await wait_for(pilot, lambda: ticket.ref in screen_text(app), what="open ticket listed")
        screen.query_one("#cv-ticket-list").focus()
        await pilot.press("enter")
        editor = screen.query_one("#ticket")
        await wait_for(pilot, lambda: getattr(editor, "ticket", None) is not None
                       and editor.ticket.id == ticket.id, what="ticket in the editor")
        await shows(pilot, "Router keeps rebooting")


async def test_unknown_caller_linked_from_a_lookup(store, tmp_path: Path) -> None:
    people = await seed_basic(store)
    call = await store.calls.create_call(CallDraft(caller="+390699988877", priority=9,
                                                   arrived_at=NOW))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm), what="form")
        await pilot.press("escape")  # not a new customer: Maria calls from another phone
        await pilot.press("f3", *"Rossi")
        lookup = screen.query_one("#lookup")
        await wait_for(pilot, lambda: len(lookup.results) == 1, what="lookup")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.call.customer_id == people["maria"].id,
                       what="call linked to the customer found")
        assert (await store.calls.get_call(call.id)).customer_id == people["maria"].id
        await wait_for(pilot, lambda: "Maria Rossi" in screen_text(app).splitlines()[0],
                       what="the caller's name on the status line")
