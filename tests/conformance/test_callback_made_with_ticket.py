"""Making a callback brings what it is about to the operator, on every backend: the outbound
call carries the reason and the callback's ticket (so F9 opens it), and the callback names the
previous call it was booked on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backends.callbacks.api import CALLBACKS
from backends.callbacks.inputs import CallbackDraft
from backends.calls.inputs import CallChanges
from backends.protocol import Backend
from tests.conformance.helpers import call, operator, ticket


async def test_the_made_call_carries_the_ticket_and_the_reason(backend: Backend) -> None:
    await operator(backend, "anna")
    first = await call(backend)
    about = await ticket(backend, subject="Router firmware")
    first = await backend.calls.update_call(first.id, first.version,
                                            CallChanges(ticket_ids=[about.id]))
    booked = await backend.domain(CALLBACKS).book_callback(CallbackDraft(
        number=first.caller, owner="anna", reason="firmware answer",
        ticket_id=about.id, call_id=first.id,
        due_at=datetime.now(UTC) - timedelta(minutes=1)))
    made = await backend.domain(CALLBACKS).make_callback(booked.id, "anna")
    assert made.outbound_call_id is not None and made.call_id == first.id
    placed = await backend.calls.get_call(made.outbound_call_id)
    assert placed.ticket_ids == [about.id]
    assert placed.handover_note == "firmware answer"
