"""Offering a call to an operator (ringing on their phone) records who it is offered to, and
nobody else answers it."""

from __future__ import annotations

import pytest

from backends.calls.models import CallState, Direction
from backends.errors import Conflict, Invalid, NotFound
from backends.protocol import Backend
from tests.conformance.helpers import LONDON, call, operator
from tests.conformance.test_calls import reach


async def test_offered_call_is_answered_by_its_operator(backend: Backend) -> None:
    offered = await reach(backend, CallState.OFFERED)
    assert offered.operator == "anna"
    claimed = await backend.calls.claim_call(offered.id, "anna")
    assert claimed.state is CallState.ACTIVE and claimed.operator == "anna"



async def test_a_call_offered_to_one_operator_is_theirs_alone(backend: Backend) -> None:
    """Created offered (a lab's staged caller): it rings for one operator, never joins the
    shared queue; a colleague can neither answer it nor take it as the next call, and its
    operator's next call is it, before an older waiting one."""
    for name in ("anna", "bruno"):
        await operator(backend, name)
    waiting = await call(backend)
    offered = await call(backend, LONDON, offered_to="anna")
    assert (offered.state, offered.operator) == (CallState.OFFERED, "anna")
    with pytest.raises(Conflict) as refused:
        await backend.calls.answer_call(offered.id, "bruno")
    assert "anna" in refused.value.message
    with pytest.raises(Conflict):
        await backend.calls.claim_call(offered.id, "bruno")
    nexts = await backend.calls.answer_call(None, "bruno")
    assert nexts.id == waiting.id  # the shared queue, not anna's call
    with pytest.raises(NotFound):
        await backend.calls.claim_call(None, "bruno")
    assert (await backend.calls.get_call(offered.id)).state is CallState.OFFERED
    late = await call(backend)  # waiting, yet anna's own call comes first for her
    mine = await backend.calls.answer_call(None, "anna")
    assert (mine.id, mine.operator, mine.state) == (offered.id, "anna", CallState.ACTIVE)
    assert (await backend.calls.get_call(late.id)).state is CallState.WAITING


async def test_an_offer_at_creation_is_checked(backend: Backend) -> None:
    with pytest.raises(Invalid) as nobody:
        await call(backend, offered_to="nobody")
    assert nobody.value.field == "offered_to"
    await operator(backend, "anna")
    with pytest.raises(Invalid) as outbound:
        await call(backend, direction=Direction.OUTBOUND, operator="anna", offered_to="anna")
    assert outbound.value.field == "offered_to"
    assert await backend.calls.list_calls() == []
