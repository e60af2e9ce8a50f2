"""Offering a call to an operator (ringing on their phone) records who it is offered to."""

from __future__ import annotations

from backends.models import CallState
from backends.protocol import Backend
from tests.conformance.test_calls import reach


async def test_offered_call_is_answered_by_its_operator(backend: Backend) -> None:
    offered = await reach(backend, CallState.OFFERED)
    assert offered.operator == "anna"
    claimed = await backend.calls.claim_call(offered.id, "anna")
    assert claimed.state is CallState.ACTIVE and claimed.operator == "anna"

