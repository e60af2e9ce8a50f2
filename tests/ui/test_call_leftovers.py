"""No leftovers from the previous call (issue 15, item 4): the transfer pane forgets the last
call's target and outcome once that call is finished, and "Recent calls" in the customer's
record follows the change feed (a finished call is not shown as active). Real SQLite file,
nothing mocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backends.models import Operator, Presence, TransferStatus
from screens.calls.wrapup_dialog import WrapUpDialog
from tests.ui.helpers import make_app, seed_basic, started, wait_for


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def finish(pilot: Any, screen: Any) -> None:
    await pilot.press("f8")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WrapUpDialog), what="wrap-up")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.call is None, what="call finished")


async def test_the_transfer_pane_forgets_the_last_calls_outcome(store: Any,
                                                                tmp_path: Path) -> None:
    await seed_basic(store)
    await store.people.upsert_operator(Operator(name="bruno", presence=Presence.AVAILABLE))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        first = screen.call.id
        await pilot.press("f10", "b", "r", "u", "ctrl+o")
        for _try in range(100):
            offers = await store.transfers.list_transfers(call_id=first,
                                                          status=TransferStatus.OFFERED)
            if offers:
                await store.transfers.respond_transfer(offers[0].id, False, "bruno")
                break
            await pilot.pause(0.05)
        await wait_for(pilot, lambda: "declined" in text_of(screen, "#transfer-status"),
                       what="declined shown")
        await finish(pilot, screen)
        await wait_for(pilot, lambda: text_of(screen, "#transfer-status").strip() == "",
                       what="the old outcome gone")
        assert "bruno" not in text_of(screen, "#transfer-status")
        assert "No call to transfer" in text_of(screen, "#transfer-header")
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.call is not None and screen.call.id != first,
                       what="the next call")
        if type(app.screen).__name__ == "CustomerForm":
            await pilot.press("escape")
        await wait_for(pilot, lambda: "No call" not in text_of(screen, "#transfer-header"),
                       what="the pane on the new call")
        assert "declined" not in text_of(screen, "#transfer-status")


async def test_recent_calls_follow_the_feed(store: Any, tmp_path: Path) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")  # the head of the queue is Luca's call
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        assert screen.customer.id == people["luca"].id
        view = screen.customer_view()
        call_id = screen.call.id
        await wait_for(pilot, lambda: any(c.id == call_id for c in view.calls),
                       what="the call listed")
        assert "active" in text_of(screen, "#cv-calls")
        await finish(pilot, screen)
        await wait_for(pilot, lambda: "done" in text_of(screen, "#cv-calls"),
                       what="the call shown as done")
        assert "active" not in text_of(screen, "#cv-calls")
