"""An outbound call is its dialler's from creation: never waiting in the queue, never taken by
a colleague's claim, never put back in the queue (the store's rule, on every backend)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState, Direction
from backends.errors import Conflict, Invalid, NotFound
from backends.people.models import Presence
from backends.protocol import Backend
from tests.conformance.helpers import ROME, operator

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


async def test_an_outbound_call_is_active_and_held_by_its_dialler(backend: Backend) -> None:
    await operator(backend, "anna")
    await operator(backend, "bruno")
    dialled = await backend.calls.create_call(CallDraft(
        caller=ROME, direction=Direction.OUTBOUND, operator="anna"))
    assert (dialled.state, dialled.operator) == (CallState.ACTIVE, "anna")
    assert dialled.answered_at is not None
    assert (await backend.people.get_operator("anna")).presence is Presence.ON_CALL
    assert await backend.calls.list_calls(states=[CallState.WAITING]) == []
    with pytest.raises(NotFound):
        await backend.calls.claim_call(None, "bruno")
    with pytest.raises(Conflict):
        await backend.calls.claim_call(dialled.id, "bruno")
    assert (await backend.calls.get_call(dialled.id)).operator == "anna"


async def test_the_queue_head_is_never_an_outbound_call(backend: Backend) -> None:
    """Even one created with the highest priority, VIP and the oldest arrival."""
    await operator(backend, "anna")
    await operator(backend, "bruno")
    dialled = await backend.calls.create_call(CallDraft(
        caller=ROME, direction=Direction.OUTBOUND, operator="anna", priority=9, vip=True,
        arrived_at=LONG_AGO))
    inbound = await backend.calls.create_call(CallDraft(caller="+390698765432"))
    taken = await backend.calls.claim_call(None, "bruno")
    assert taken.id == inbound.id
    assert (await backend.calls.get_call(dialled.id)).operator == "anna"


@pytest.mark.parametrize("held", [CallState.ACTIVE, CallState.ON_HOLD])
async def test_a_held_outbound_call_never_goes_into_the_queue(backend: Backend,
                                                              held: CallState) -> None:
    await operator(backend, "anna")
    dialled = await backend.calls.create_call(CallDraft(
        caller=ROME, direction=Direction.OUTBOUND, operator="anna"))
    if held is not CallState.ACTIVE:
        dialled = await backend.calls.set_call_state(dialled.id, held)
    with pytest.raises(Conflict):
        await backend.calls.set_call_state(dialled.id, CallState.WAITING)
    again = await backend.calls.get_call(dialled.id)
    assert (again.state, again.operator) == (held, "anna")


async def test_an_inbound_call_is_not_given_to_an_operator_when_created(
        backend: Backend) -> None:
    await operator(backend, "anna")
    with pytest.raises(Invalid) as refused:
        await backend.calls.create_call(CallDraft(caller=ROME, operator="anna"))
    assert refused.value.field == "operator"
    assert await backend.calls.list_calls() == []
