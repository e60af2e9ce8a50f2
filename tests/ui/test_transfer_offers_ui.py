"""Announced transfers and escalations at the console never hang (issue 15, item 1): refused
at once with the reason when the colleague is away, timed out after the console's setting, taken
back with a key shown in the footer, and closed on the colleague's side when the call ended.
Real SQLite files (a colleague's console is a second connection to the same file); nothing
mocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backends.calls.inputs import CallDraft
from backends.people.models import Operator, Presence, Role
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind, TransferStatus
from console.app import CentralinoApp
from screens.transfers.transfer_offer import TransferOfferDialog
from tests.ui.helpers import (
    OPERATOR,
    frozen_clock,
    make_app,
    screen_text,
    shows,
    sqlite_backend,
    started,
    wait_for,
)


def app_with_timeout(store: Any, tmp_path: Path, seconds: int) -> CentralinoApp:
    return CentralinoApp(store, OPERATOR, clock=frozen_clock, cursor_blink=False,
                         open_backend=False, close_backend=False,
                         drafts_dir=tmp_path / "drafts", offer_timeout=seconds)


async def seed(store: Any, bruno: Presence, sara: Presence = Presence.OFFLINE) -> int:
    await store.people.upsert_operator(Operator(
        name="bruno", display_name="Bruno", presence=bruno,
        pause_reason="Training" if bruno is Presence.PAUSED else None))
    await store.people.upsert_operator(Operator(name="sara", display_name="Sara Boss",
                                                role=Role.SUPERVISOR, presence=sara))
    return (await store.calls.create_call(CallDraft(caller="+39021234567"))).id


async def answer(pilot: Any) -> Any:
    screen = await started(pilot)
    await pilot.press("f5")
    await wait_for(pilot, lambda: screen.call is not None, what="call answered")
    if type(pilot.app.screen).__name__ == "CustomerForm":
        await pilot.press("escape")
    return screen


def status(screen: Any) -> str:
    return str(screen.query_one("#transfer-status").render())


async def transfers_of(store: Any, call_id: int) -> list[Any]:
    return await store.transfers.list_transfers(call_id=call_id)


async def test_an_escalation_to_an_offline_supervisor_is_refused_at_once(
        store: Any, tmp_path: Path) -> None:
    call_id = await seed(store, Presence.AVAILABLE, sara=Presence.OFFLINE)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answer(pilot)
        await pilot.press("f10", "ctrl+t")
        await wait_for(pilot, lambda: "offline" in status(screen), what="the reason")
        assert "sara is offline" in status(screen) and "Waiting" not in status(screen)
        assert await transfers_of(store, call_id) == []
        assert screen.call.operator == OPERATOR
        # nothing is left waiting: a blind transfer goes through at once
        await pilot.press("b", "r", "u", "enter")
        await wait_for(pilot, lambda: "Transferred to bruno" in status(screen),
                       what="the blind transfer")


async def test_an_announced_transfer_to_a_paused_colleague_is_refused(
        store: Any, tmp_path: Path) -> None:
    call_id = await seed(store, Presence.PAUSED)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answer(pilot)
        await pilot.press("f10", "b", "r", "u", "ctrl+o")
        await wait_for(pilot, lambda: "paused" in status(screen), what="the reason")
        assert "bruno is paused" in status(screen)
        assert await transfers_of(store, call_id) == []


async def test_an_unanswered_offer_times_out_and_the_call_stays(
        store: Any, tmp_path: Path) -> None:
    call_id = await seed(store, Presence.AVAILABLE)
    app = app_with_timeout(store, tmp_path, 4)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answer(pilot)
        await pilot.press("f10", "b", "r", "u", "ctrl+o")
        await wait_for(pilot, lambda: "Waiting for bruno" in status(screen), what="waiting")
        await shows(pilot, "Cancel offer")  # the footer offers the key while it waits
        await wait_for(pilot, lambda: "did not answer in time" in status(screen),
                       timeout=8.0, what="the time-out")
        [lapsed] = await transfers_of(store, call_id)
        assert lapsed.status is TransferStatus.TIMED_OUT
        assert screen.call is not None and screen.call.operator == OPERATOR
        await pilot.pause(0.2)
        assert "Cancel offer" not in screen_text(app)


async def test_the_operator_cancels_a_pending_offer_with_escape(
        store: Any, tmp_path: Path) -> None:
    call_id = await seed(store, Presence.AVAILABLE)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answer(pilot)
        await pilot.press("f10", "b", "r", "u", "ctrl+o")
        await wait_for(pilot, lambda: "Waiting for bruno" in status(screen), what="waiting")
        await pilot.press("escape")
        await wait_for(pilot, lambda: "cancelled" in status(screen), what="cancelled")
        [cancelled] = await transfers_of(store, call_id)
        assert (cancelled.status, cancelled.responded_by) == (TransferStatus.CANCELLED,
                                                               OPERATOR)
        # another transfer is accepted at once, not "still waiting for an answer"
        await pilot.press("enter")  # the filter still says "bru"
        await wait_for(pilot, lambda: "Transferred to bruno" in status(screen),
                       what="the blind transfer")


async def test_an_offer_whose_call_ended_closes_on_the_colleagues_console(
        store: Any, tmp_path: Path) -> None:
    """anna's console is the target; bruno's (a second connection) offers and hangs up."""
    await store.people.upsert_operator(Operator(name="bruno", presence=Presence.AVAILABLE))
    await store.calls.create_call(CallDraft(caller="+39021234567"))
    await store.calls.create_call(CallDraft(caller="+39021234568"))
    other = sqlite_backend(tmp_path / "console.db")
    await other.open()
    try:
        first = await other.calls.answer_call(None, "bruno")
        # offered and the call ended before anna's console starts: never shown
        await other.transfers.create_transfer(TransferDraft(
            call_id=first.id, from_operator="bruno", target=OPERATOR, kind=TransferKind.WARM))
        await other.calls.end_call(first.id, "bruno")
        await other.calls.finish_call(first.id, "bruno", "RESOLVED")
        app = make_app(store, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await started(pilot)
            await pilot.pause(0.5)
            assert not isinstance(app.screen, TransferOfferDialog)
            second = await other.calls.answer_call(None, "bruno")
            await other.transfers.create_transfer(TransferDraft(
                call_id=second.id, from_operator="bruno", target=OPERATOR,
                kind=TransferKind.WARM))
            await wait_for(pilot, lambda: isinstance(app.screen, TransferOfferDialog),
                           what="the offer")
            await other.calls.end_call(second.id, "bruno")  # the caller hung up meanwhile
            await wait_for(pilot, lambda: not isinstance(app.screen, TransferOfferDialog),
                           what="the offer withdrawn")
            await wait_for(pilot, lambda: any("no longer waiting" in str(n.message)
                                              for n in app._notifications), what="told")
            [withdrawn] = await other.transfers.list_transfers(call_id=second.id)
            assert withdrawn.status is TransferStatus.WITHDRAWN
    finally:
        await other.close()


async def test_the_consoles_timeout_is_the_one_the_store_keeps(store: Any,
                                                               tmp_path: Path) -> None:
    call_id = await seed(store, Presence.AVAILABLE)
    app = app_with_timeout(store, tmp_path, 45)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answer(pilot)
        await pilot.press("f10", "b", "r", "u", "ctrl+o")
        await wait_for(pilot, lambda: "Waiting for bruno" in status(screen), what="waiting")
        [offer] = await transfers_of(store, call_id)
        assert offer.timeout_seconds == 45 and offer.expires_at is not None
        assert (offer.expires_at - offer.created_at).total_seconds() == 45
        assert "s left" in status(screen)
