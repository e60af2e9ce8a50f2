"""A call handed away (blind, to a queue, escalated to a supervisor, announced and accepted)
ends in wrap-up: the operator picks an outcome, "Transferred" preselected, before being
available again. Real SQLite file, nothing mocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from backends.transfers.models import TransferStatus
from screens.calls.wrapup_dialog import WrapUpDialog
from tests.ui.helpers import OPERATOR, make_app, started, wait_for


async def _seed(store: Any) -> int:
    await store.people.upsert_operator(Operator(name="sara", display_name="Sara Boss",
                                                role=Role.SUPERVISOR, presence=Presence.AVAILABLE))
    await store.people.upsert_operator(Operator(name="bruno", display_name="Bruno",
                                                presence=Presence.AVAILABLE))
    await store.people.upsert_directory_entry(DirectoryEntry(name="Sales",
                                                             kind=DirectoryKind.DEPARTMENT))
    await store.people.upsert_directory_entry(
        DirectoryEntry(name="Billing", kind=DirectoryKind.QUEUE)
    )
    await store.customers.create_customer(
        CustomerDraft(name="Mario Rossi", phones=["+39 02 1234567"])
    )
    return (await store.calls.create_call(CallDraft(caller="+39021234567"))).id


async def _accept_offers(store: Any, call_id: int, by: str) -> bool:
    """The colleague's side of an announced transfer or an escalation: accept it."""
    offered = await store.transfers.list_transfers(call_id=call_id, status=TransferStatus.OFFERED)
    for transfer in offered:
        await store.transfers.respond_transfer(transfer.id, True, by)
    return bool(offered)


@pytest.mark.parametrize(("keys", "accepter"), [
    (("s", "a", "enter"), None),  # blind to a department
    (("b", "i", "l", "ctrl+l"), None),  # to a queue
    (("ctrl+t",), "sara"),  # escalation to the supervisor, who accepts
    (("b", "r", "u", "ctrl+o"), "bruno"),  # announced, accepted
], ids=["blind", "queue", "escalation", "announced"])
async def test_a_transferred_call_goes_to_wrap_up_before_available(
        store: Any, tmp_path: Path, keys: tuple[str, ...], accepter: str | None) -> None:
    call_id = await _seed(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.call is not None and screen.customer is not None,
                       what="call answered")
        await pilot.press("f10", *keys)
        if accepter is not None:
            for _try in range(100):
                if await _accept_offers(store, call_id, accepter):
                    break
                await pilot.pause(0.05)
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        assert (await store.calls.get_call(call_id)).state is CallState.TRANSFERRED
        # in wrap-up, not available: no new call can be answered meanwhile
        await wait_for(pilot, lambda: screen.operator.presence is Presence.WRAP_UP,
                       what="wrap-up presence")
        assert (await store.people.get_operator(OPERATOR)).presence is Presence.WRAP_UP
        assert not screen.check_action("answer_next", ())
        dialog = app.screen
        options = dialog.query_one(OptionList)
        await wait_for(pilot, lambda: app.focused is options, what="the dialog ready")
        highlighted = dialog._codes[options.highlighted]  # type: ignore[attr-defined,index]
        assert highlighted.code == "TRANSFERRED"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.call is None and screen.operator.presence
                       is Presence.AVAILABLE, what="available again")
    assert (await store.people.get_operator(OPERATOR)).presence is Presence.AVAILABLE
    assert (await store.calls.get_call(call_id)).disposition == "TRANSFERRED"


async def test_wrap_up_after_a_transfer_can_record_another_outcome_later(
        store: Any, tmp_path: Path) -> None:
    """Esc leaves the operator in wrap-up; F8 brings the choice back; the code chosen is the
    transferred call's outcome."""
    call_id = await _seed(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="call answered")
        await pilot.press("f10", "s", "a", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, WrapUpDialog),
                       what="dialog closed")
        await pilot.pause(0.2)
        assert screen.operator.presence is Presence.WRAP_UP
        assert (await store.people.get_operator(OPERATOR)).presence is Presence.WRAP_UP
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up again")
        await pilot.press("4")  # Callback booked
        await wait_for(pilot, lambda: screen.call is None and screen.operator.presence
                       is Presence.AVAILABLE, what="available again")
    assert (await store.calls.get_call(call_id)).disposition == "CALLBACK"
