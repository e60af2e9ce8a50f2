"""Answering, ending and finishing a call are one backend operation each (answer_call,
end_call, finish_call), never a claim and a presence change apart: a dropped connection
between two calls can no longer leave a call claimed by an operator shown as available.
Real SQLite file; the backend only records what the console calls."""

from __future__ import annotations

from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry, DirectoryKind, Presence
from backends.protocol import Backend
from screens.calls.wrapup_dialog import WrapUpDialog
from tests.ui.helpers import (
    OPERATOR,
    RecordingBackend,
    make_app,
    queue_ids,
    seed_basic,
    started,
    wait_for,
)

# the separate steps the use cases replace
PIECEMEAL = {"claim_call", "set_presence", "set_call_state", "update_call"}


async def test_answer_end_and_finish_are_one_operation_each(store: Backend,
                                                            tmp_path: Path) -> None:
    await seed_basic(store)
    recording = RecordingBackend(store)
    app = make_app(recording.as_backend(), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="3 waiting calls")
        head = queue_ids(screen)[0]
        recording.called.clear()  # signing in set the presence: not part of the call

        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        assert screen.operator.presence is Presence.ON_CALL
        assert recording.called.count("answer_call") == 1

        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        assert screen.operator.presence is Presence.WRAP_UP
        assert (await store.people.get_operator(OPERATOR)).presence is Presence.WRAP_UP
        assert recording.called.count("end_call") == 1

        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.call is None and screen.operator.presence
                       is Presence.AVAILABLE, what="available again")
        assert recording.called.count("finish_call") == 1
        assert not PIECEMEAL & set(recording.called), recording.called
    call = await store.calls.get_call(head)
    assert call.state is CallState.DONE
    assert call.disposition == (await store.people.list_dispositions())[0].code


async def test_escape_from_wrap_up_then_f8_again_finishes_once(store: Backend,
                                                                tmp_path: Path) -> None:
    """The call already in wrap-up: F8 again ends nothing more and finishes it once."""
    await seed_basic(store)
    recording = RecordingBackend(store)
    app = make_app(recording.as_backend(), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        recording.called.clear()
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        call_id = screen.call.id
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, WrapUpDialog), what="closed")
        assert (await store.calls.get_call(call_id)).state is CallState.WRAP_UP
        assert screen.operator.presence is Presence.WRAP_UP
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.call is None, what="call closed")
        assert recording.called.count("finish_call") == 1
        assert not PIECEMEAL & set(recording.called), recording.called
    assert (await store.calls.get_call(call_id)).state is CallState.DONE
    assert (await store.people.get_operator(OPERATOR)).presence is Presence.AVAILABLE


async def test_the_outcome_of_a_call_handed_away_is_one_operation(store: Backend,
                                                                   tmp_path: Path) -> None:
    """Blind transfer, then another outcome than the preselected one: finish_call records it
    on the transferred call and makes the operator available, together."""
    await store.people.upsert_directory_entry(DirectoryEntry(name="Sales",
                                                             kind=DirectoryKind.DEPARTMENT))
    await store.customers.create_customer(
        CustomerDraft(name="Mario Rossi", phones=["+39 02 1234567"])
    )
    call_id = (await store.calls.create_call(CallDraft(caller="+39021234567"))).id
    recording = RecordingBackend(store)
    app = make_app(recording.as_backend(), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="call answered")
        await pilot.press("f10", "s", "a", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        assert (await store.calls.get_call(call_id)).state is CallState.TRANSFERRED
        recording.called.clear()  # from here on: the outcome only
        await pilot.press("4")  # Callback booked
        await wait_for(pilot, lambda: screen.call is None and screen.operator.presence
                       is Presence.AVAILABLE, what="available again")
        assert recording.called.count("finish_call") == 1
        assert not PIECEMEAL & set(recording.called), recording.called
    call = await store.calls.get_call(call_id)
    assert (call.state, call.disposition) == (CallState.TRANSFERRED, "CALLBACK")
    assert (await store.people.get_operator(OPERATOR)).presence is Presence.AVAILABLE
