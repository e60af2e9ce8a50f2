"""The receptionist's switchboard at 80x24 (issue 19), on a real SQLite file, counting keys:
answer (F5) shows whom the caller asks for and filters the directory to them; a blind transfer
is Enter (1 key) after the letters of the name; a refusal (do-not-disturb) says why and offers
a message, taken with F7, typing, Enter (2 keys plus typing); park is F8 (1 key); pick up is
F9 and the slot's digit (2 keys); the inbox shows the unread count and marks done with D."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.messages.api import MESSAGES
from backends.parking.api import PARKING
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from backends.protocol import Backend
from console.switchboard_app import SwitchboardApp
from tests.ui.helpers import frozen_clock, screen_text, shows, wait_for

ME = "reception"


async def desk(store: Backend) -> None:
    await store.people.upsert_operator(Operator(name=ME, role=Role.RECEPTIONIST,
                                                presence=Presence.AVAILABLE))
    await store.people.upsert_operator(Operator(name="bruno", display_name="Bruno Neri",
                                                presence=Presence.AVAILABLE))
    await store.people.upsert_directory_entry(DirectoryEntry(
        name="Laura Bianchi", department="Sales", extension="211"))
    await store.people.upsert_directory_entry(DirectoryEntry(
        name="Billing", kind=DirectoryKind.DEPARTMENT, extension="220",
        notes="invoices and refunds"))


def app_on(store: Backend, tmp_path: Path) -> SwitchboardApp:
    return SwitchboardApp(store, ME, clock=frozen_clock, cursor_blink=False,
                          open_backend=False, close_backend=False,
                          drafts_dir=tmp_path / "drafts")


def board(app: SwitchboardApp):  # type: ignore[no-untyped-def]
    from screens.switchboard.switchboard_screen import SwitchboardScreen

    return next(s for s in app.screen_stack if isinstance(s, SwitchboardScreen))


async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: any(type(s).__name__ == "SwitchboardScreen"
                                      for s in pilot.app.screen_stack), what="switchboard")
    await wait_for(pilot, lambda: board(pilot.app).ready and board(pilot.app).rows,
                   what="directory")


async def test_answer_shows_whom_they_ask_for_and_enter_puts_them_through(
        store: Backend, tmp_path: Path) -> None:
    await desk(store)
    call = await store.calls.create_call(CallDraft(caller="+390612345678",
                                                   notes="Asks for Laura Bianchi: invoice"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await shows(pilot, "1 call waiting", "Asks for Laura Bianchi")
        await pilot.press("f5")  # key 1: answer
        await shows(pilot, "On the line")
        assert pilot.app.screen.query_one("#sb-filter").value == "Laura Bianchi"
        await pilot.press("enter")  # key 2: blind transfer to the highlighted name
        await shows(pilot, "Put through to Laura Bianchi")
    done = await store.calls.get_call(call.id)
    assert done.state is CallState.TRANSFERRED


async def test_typing_filters_and_a_dnd_colleague_refuses_then_a_message_is_taken(
        store: Backend, tmp_path: Path) -> None:
    await desk(store)
    await store.people.set_presence("bruno", Presence.DND, "in a meeting")
    await store.calls.create_call(CallDraft(caller="+390612345678"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await shows(pilot, "On the line")
        await pilot.press(*"brun")  # the letters of the name
        await wait_for(pilot, lambda: [r.name for r in board(pilot.app).rows] == ["bruno"],
                       what="filtered to bruno")
        await shows(pilot, "Do not disturb (in a meeting)")
        await pilot.press("enter")  # refused: the note and the offer of a message
        await shows(pilot, "in a meeting", "take a message instead (F7)")
        keys = ["f7", *"call me about the offer", "enter"]  # F7, typing, Enter: 2 keys
        await pilot.press(*keys)
        await shows(pilot, "Message for bruno taken")
    [message] = await store.domain(MESSAGES).inbox("bruno")
    assert (message.reason, message.number, message.taken_by) == (
        "call me about the offer", "+390612345678", ME)


async def test_a_person_outside_their_working_hours_refuses_then_a_message_is_taken(
        store: Backend, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    await desk(store)
    now = datetime.now(UTC)  # hours closed now and at the frozen clock's Monday 10:00
    hours = "mon-sun 00:00-00:01" if now.hour or now.minute > 1 else "mon-sun 12:00-12:01"
    await store.people.upsert_directory_entry(DirectoryEntry(
        name="Marta Gallo", department="Legal", extension="240", hours=hours))
    await store.calls.create_call(CallDraft(caller="+390612345678"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await shows(pilot, "On the line")
        await pilot.press(*"marta")
        await wait_for(pilot, lambda: [r.name for r in board(pilot.app).rows] == ["Marta Gallo"],
                       what="filtered to Marta Gallo")
        await shows(pilot, "not at work now")  # the directory says so before any key
        await pilot.press("enter")  # refused: why, and the offer of a message
        await shows(pilot, "Marta Gallo is not at work now", "take a message instead (F7)")
        await pilot.press("f7", *"the contract", "enter")
        await shows(pilot, "Message for Marta Gallo taken")
    [message] = await store.domain(MESSAGES).inbox("Marta Gallo")
    assert message.reason == "the contract"


async def test_park_with_one_key_and_pick_up_with_two(store: Backend, tmp_path: Path) -> None:
    await desk(store)
    call = await store.calls.create_call(CallDraft(caller="+390612345678"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await shows(pilot, "On the line")
        await pilot.press("f8")  # park: 1 key
        await shows(pilot, "Parked in slot 1", "[1]")
        assert (await store.calls.get_call(call.id)).state is CallState.ON_HOLD
        await pilot.press("f9", "1")  # pick up: 2 keys
        await shows(pilot, "Picked up slot 1", "all slots free")
    picked = await store.calls.get_call(call.id)
    assert (picked.state, picked.operator) == (CallState.ACTIVE, ME)
    assert await store.domain(PARKING).list_parked() == []


async def test_the_inbox_counts_unread_and_marks_done(store: Backend, tmp_path: Path) -> None:
    from backends.messages.inputs import MessageDraft

    await desk(store)
    messages = store.domain(MESSAGES)
    await messages.take_message(MessageDraft(for_name=ME, taken_by="bruno",
                                             caller_name="[@click=app.quit]",
                                             number="+390612345678", reason="call back"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: board(pilot.app).unread == 1, what="unread count")
        await pilot.press("f4")
        await shows(pilot, "[@click=app.quit]")  # shown as text, not run
        await pilot.press("d")
        await shows(pilot, "No messages.")
        await pilot.press("escape")
        await wait_for(pilot, lambda: board(pilot.app).unread == 0, what="no unread")
        assert "0 unread" in str(board(pilot.app).sub_title)
    assert await messages.inbox(ME) == []


async def test_an_operator_sees_the_message_in_the_messages_pane(
        store: Backend, tmp_path: Path) -> None:
    from backends.messages.inputs import MessageDraft
    from tests.ui.helpers import OPERATOR, make_app, started

    await desk(store)
    await store.people.upsert_operator(Operator(name=OPERATOR, presence=Presence.AVAILABLE))
    messages = store.domain(MESSAGES)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await messages.take_message(MessageDraft(
            for_name=OPERATOR, taken_by=ME, caller_name="Mario Rossi", reason="the quote"))
        await pilot.press("ctrl+k")
        await shows(pilot, "1 unread", "Mario Rossi: the quote")
        await pilot.press("d")
        await shows(pilot, "0 unread")
    assert await messages.inbox(OPERATOR) == []


async def test_presence_follows_the_switchboard_and_f2_sets_away(
        store: Backend, tmp_path: Path) -> None:
    await desk(store)
    await store.people.set_presence(ME, Presence.OFFLINE)
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert (await store.people.get_operator(ME)).presence is Presence.AVAILABLE
        await pilot.press("f2", *"lunch", "enter", *"14:30", "enter")
        await pilot.press("enter")  # "Away" is highlighted first
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SwitchboardScreen",
                       what="the dialog closed")
        me = await store.people.get_operator(ME)
        assert (me.presence, me.pause_reason) == (Presence.AWAY, "lunch")
        assert me.back_at is not None
        await pilot.press("ctrl+q")
    assert (await store.people.get_operator(ME)).presence is Presence.OFFLINE


async def test_the_receptionist_demo_role_is_registered_and_signs_in_as_one(
        store: Backend) -> None:
    from backends.domain_registry import load
    from console.demo_roles import roles
    from console.switchboard_app import RECEPTIONIST, ensure_receptionist

    role = roles()["receptionist"]
    assert role.operator == RECEPTIONIST and callable(load(role.launch))
    await ensure_receptionist(store)
    assert (await store.people.get_operator(RECEPTIONIST)).role is Role.RECEPTIONIST


async def test_warm_transfer_with_one_key_waits_the_offer_timeout_and_presence_is_live(
        store: Backend, tmp_path: Path) -> None:
    from backends.transfers.models import TransferKind, TransferStatus

    await desk(store)
    call = await store.calls.create_call(CallDraft(caller="+390612345678"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await store.people.set_presence("bruno", Presence.AWAY, "post office")
        await shows(pilot, "Away (post office)")  # another console's change, from the feed
        await store.people.set_presence("bruno", Presence.AVAILABLE)
        await pilot.press("f5")
        await shows(pilot, "On the line")
        await pilot.press(*"bruno")
        await wait_for(pilot, lambda: board(pilot.app).rows[0].name == "bruno", what="bruno")
        await pilot.press("f6")  # warm: 1 key
        await shows(pilot, "Announced to Bruno Neri")
    [offer] = await store.transfers.list_transfers(call_id=call.id)
    assert (offer.kind, offer.status, offer.timeout_seconds) == (
        TransferKind.WARM, TransferStatus.OFFERED, 30)


async def test_enter_on_a_department_puts_the_call_in_its_queue(
        store: Backend, tmp_path: Path) -> None:
    from backends.transfers.models import TransferKind

    await desk(store)
    call = await store.calls.create_call(CallDraft(caller="+390612345678"))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await shows(pilot, "On the line")
        await pilot.press(*"refunds")  # what they handle finds the department
        await wait_for(pilot, lambda: [r.name for r in board(pilot.app).rows] == ["Billing"],
                       what="Billing")
        await pilot.press("enter")
        await shows(pilot, "Put through to Billing")
    [done] = await store.transfers.list_transfers(call_id=call.id)
    assert (done.kind, done.target) == (TransferKind.QUEUE, "Billing")
    queued = await store.calls.list_calls(states=[CallState.WAITING])
    assert [c.queue for c in queued] == ["Billing"]


async def test_f5_answers_a_call_come_back_to_me_first(store: Backend, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    await desk(store)
    early = datetime.now(UTC) - timedelta(minutes=5)
    await store.calls.create_call(CallDraft(caller="+390612345678", arrived_at=early))
    mine = await store.calls.create_call(CallDraft(caller="+3612345678", queue=ME))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: len(board(pilot.app).waiting) == 2, what="two waiting")
        await pilot.press("f5")
        await shows(pilot, "On the line")
    answered = await store.calls.get_call(mine.id)
    assert (answered.state, answered.operator) == (CallState.ACTIVE, ME)


async def test_the_customer_view_shows_the_messages_a_caller_left(
        store: Backend, tmp_path: Path) -> None:
    from backends.customers.inputs import CustomerDraft
    from backends.messages.inputs import MessageDraft
    from tests.ui.helpers import OPERATOR, make_app, started

    await desk(store)
    await store.people.upsert_operator(Operator(name=OPERATOR, presence=Presence.AVAILABLE))
    maria = await store.customers.create_customer(CustomerDraft(
        name="Maria Rossi", phones=["+390612345678"]))
    earlier = await store.calls.create_call(CallDraft(caller="+390612345678"))
    await store.domain(MESSAGES).take_message(MessageDraft(
        for_name="Laura Bianchi", taken_by=ME, reason="wants the new price list",
        call_id=earlier.id))
    await store.calls.set_call_state(earlier.id, CallState.ABANDONED)
    await store.calls.create_call(CallDraft(caller="+390612345678"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("f5")
        await shows(pilot, "Maria Rossi", "Messages left", "wants the new price list")
    assert [m.customer_id for m in await store.domain(MESSAGES).for_customer(maria.id)] == [
        maria.id]


async def test_a_message_a_known_caller_leaves_shows_in_their_open_history_at_once(
        store: Backend, tmp_path: Path) -> None:
    from textual.widgets import Static

    from backends.customers.inputs import CustomerDraft
    from backends.messages.inputs import MessageDraft
    from screens.customers.customer_view import CustomerView
    from tests.ui.helpers import OPERATOR, make_app, started

    await desk(store)
    await store.people.upsert_operator(Operator(name=OPERATOR, presence=Presence.AVAILABLE))
    await store.customers.create_customer(CustomerDraft(
        name="Maria Rossi", phones=["+390612345678"]))
    await store.calls.create_call(CallDraft(caller="+390612345678"))
    # her call to the switchboard, answered there (made now: its events are not the message's)
    other = await store.calls.create_call(CallDraft(caller="+390612345678", queue=ME))
    messages = store.domain(MESSAGES)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("f5")  # the operator has Maria's 360 view open
        await shows(pilot, "Maria Rossi")
        view = pilot.app.screen.query_one(CustomerView)

        def history() -> str:
            return str(view.query_one("#cv-messages", Static).render())

        assert view.left == []
        # meanwhile the receptionist takes a message from her for Laura
        taken = await messages.take_message(MessageDraft(
            for_name="Laura Bianchi", taken_by=ME, reason="wants the new price list",
            call_id=other.id))
        await wait_for(pilot, lambda: "wants the new price list" in history(),
                       what="the message in Maria's history without reopening it")
        await messages.mark_done(taken.id, ME)
        await wait_for(pilot, lambda: "done" in history(), what="marked done, live")


async def test_an_operators_presence_follows_their_console_live_in_the_directory(
        store: Backend, tmp_path: Path) -> None:
    """Signing in (the console opening) makes an offline operator free, quitting makes them
    offline; the receptionist's directory shows each change without a key pressed."""
    from tests.ui.helpers import OPERATOR, make_app, started

    await desk(store)
    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna Conti",
                                                presence=Presence.OFFLINE))

    def anna_state(app: SwitchboardApp) -> str:
        return next(r.state for r in board(app).every_row if r.name == OPERATOR)

    switchboard = app_on(store, tmp_path)
    async with switchboard.run_test(size=(80, 24)) as reception:
        await ready(reception)
        assert anna_state(switchboard) == "Offline"
        console = make_app(store, tmp_path / "anna")
        async with console.run_test(size=(80, 24)) as anna:
            await started(anna)  # signed in
            await wait_for(reception, lambda: anna_state(switchboard) == "Available",
                           what="anna available in the directory")
            await anna.press("ctrl+q")  # signed out
            await wait_for(anna, lambda: not console.is_running, what="anna's console closed")
        await wait_for(reception, lambda: anna_state(switchboard) == "Offline",
                       what="anna offline in the directory")
    assert (await store.people.get_operator(OPERATOR)).presence is Presence.OFFLINE


async def test_at_80_columns_every_extension_is_read_beside_the_name(
        store: Backend, tmp_path: Path) -> None:
    """The extension is what a receptionist reads out: it comes right after the name, so a
    long name and a long away note beside it never push it off an 80-column screen."""
    await desk(store)
    await store.people.upsert_directory_entry(DirectoryEntry(
        name="Technical support second level", kind=DirectoryKind.DEPARTMENT, extension="4321"))
    await store.people.upsert_operator(Operator(name="carla", display_name="Carla Verdi",
                                                extension="207", presence=Presence.AVAILABLE))
    await store.people.set_presence(
        "carla", Presence.AWAY, "at the dentist, then lunch with a customer in town",
        back_at=datetime.now(UTC) + timedelta(hours=2))
    app = app_on(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await shows(pilot, "Carla Verdi", "dentist")
        lines = screen_text(pilot.app).splitlines()
        for name, extension in (("Carla Verdi", "207"), ("Technical support", "4321"),
                                ("Laura Bianchi", "211")):
            line = next(line for line in lines if name in line)
            assert f" {extension} " in f"{line} ", line
