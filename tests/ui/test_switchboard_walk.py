"""What walking through `centralino demo --as receptionist` found (issue 19), at 80x24 on a
real SQLite file: a message taken from the caller on the line ends that call, so the next one
is answered at once (it used to stay in hand: "You already have a call"); an away colleague's
note and return time can be read in full at 80 columns."""

from __future__ import annotations

from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.messages.rules import MESSAGE_OUTCOME
from backends.people.models import Presence
from backends.protocol import Backend
from tests.ui.helpers import shows, wait_for
from tests.ui.test_switchboard import ME, app_on, board, desk, ready


async def test_a_message_from_the_caller_on_the_line_ends_the_call_and_f5_takes_the_next(
        store: Backend, tmp_path: Path) -> None:
    await desk(store)
    await store.people.set_presence("bruno", Presence.AWAY, "at the bank")
    first = await store.calls.create_call(CallDraft(caller="+390612345678",
                                                    notes="Asks for bruno"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await shows(pilot, "On the line")
        await pilot.press("f7", *"the quote", "enter")  # the message: 2 keys plus typing
        await shows(pilot, "Message for bruno taken. The call has ended.")
        await wait_for(pilot, lambda: board(pilot.app).call is None, what="no call in hand")
        second = await store.calls.create_call(CallDraft(caller="+3612345678"))
        await wait_for(pilot, lambda: len(board(pilot.app).waiting) == 1, what="the next call")
        await pilot.press("f5")
        await shows(pilot, "On the line")
    ended = await store.calls.get_call(first.id)
    assert (ended.state, ended.disposition) == (CallState.DONE, MESSAGE_OUTCOME)
    answered = await store.calls.get_call(second.id)
    assert (answered.state, answered.operator) == (CallState.ACTIVE, ME)


async def test_an_away_note_and_return_time_are_read_in_full_at_80_columns(
        store: Backend, tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from backends.people.models import DirectoryEntry

    await desk(store)
    await store.people.upsert_directory_entry(DirectoryEntry(
        name="Technical Support Desk Lead", department="Technical Support", extension="231"))
    [lead] = await store.people.list_directory("Technical Support Desk Lead")
    assert lead.id is not None
    back = (datetime.now().astimezone() + timedelta(days=1)).replace(hour=14, minute=0,
                                                                      second=0, microsecond=0)
    await store.people.set_directory_presence(lead.id, Presence.AWAY, "on holiday this week",
                                              back)
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press(*"desk lead")
        await shows(pilot, "Away (on holiday this week) until 14:00")


async def test_letters_typed_after_answering_replace_the_name_asked_for(
        store: Backend, tmp_path: Path) -> None:
    """The screen pop fills the filter with whom the caller asks for; another name typed
    then replaces it (it used to go in front of it: "brunLaura Bianchi", nothing found)."""
    await desk(store)
    await store.calls.create_call(CallDraft(caller="+390612345678",
                                            notes="Asks for Laura Bianchi: invoice"))
    await store.calls.create_call(CallDraft(caller="+3612345678", notes="no name given"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await shows(pilot, "On the line")
        await pilot.press(*"brun")
        await wait_for(pilot, lambda: [r.name for r in board(pilot.app).rows] == ["bruno"],
                       what="filtered to bruno")
        await pilot.press("enter")
        await shows(pilot, "Put through to Bruno Neri")
        await pilot.press("f5")  # a caller who names nobody: the last filter is replaced too
        await shows(pilot, "On the line")
        await pilot.press(*"billing")
        await wait_for(pilot, lambda: [r.name for r in board(pilot.app).rows] == ["Billing"],
                       what="filtered to Billing")


async def test_f5_answers_phone_calls_only_not_the_e_mails_ahead_of_them(
        store: Backend, tmp_path: Path) -> None:
    """Found in the demo: the switchboard answered an e-mail in the queue as a call."""
    from datetime import UTC, datetime, timedelta

    from backends.calls.models import Channel

    await desk(store)
    early = datetime.now(UTC) - timedelta(minutes=5)
    await store.calls.create_call(CallDraft(caller="anna@example.com", channel=Channel.EMAIL,
                                            arrived_at=early))
    phone = await store.calls.create_call(CallDraft(caller="+390612345678"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await shows(pilot, "1 call waiting")
        await pilot.press("f5")
        await shows(pilot, "On the line")
    answered = await store.calls.get_call(phone.id)
    assert (answered.state, answered.operator) == (CallState.ACTIVE, ME)
