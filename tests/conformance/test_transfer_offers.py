"""Announced and escalation offers that cannot hang (issue 15, item 1), on every backend: an
offer to someone offline or paused is refused at once with the reason (an escalation goes to
the next free supervisor instead), an offer times out, the operator can take it back, and an
offer whose call ended is withdrawn and never listed to its target."""

from __future__ import annotations

import asyncio

import pytest

from backends.calls.models import Call, CallState
from backends.errors import Conflict, Forbidden, Invalid
from backends.people.models import Operator, Presence, Role
from backends.protocol import Backend
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind, TransferStatus
from backends.transfers.rules import DEFAULT_OFFER_TIMEOUT
from tests.conformance.helpers import active_call, operator


async def supervisor(backend: Backend, name: str, presence: Presence,
                     reason: str | None = None) -> None:
    await backend.people.upsert_operator(Operator(name=name, role=Role.SUPERVISOR,
                                                  presence=presence, pause_reason=reason))


async def offered_to(backend: Backend, target: str) -> list[int]:
    return [t.id for t in await backend.transfers.list_transfers(
        target=target, status=TransferStatus.OFFERED)]


async def still_annas(backend: Backend, call: Call) -> None:
    now = await backend.calls.get_call(call.id)
    assert (now.state, now.operator) == (CallState.ACTIVE, "anna")


@pytest.mark.parametrize(("presence", "reason", "word"), [
    (Presence.OFFLINE, None, "offline"), (Presence.PAUSED, "Training", "paused")])
async def test_an_offer_to_someone_away_is_refused_at_once(
        backend: Backend, presence: Presence, reason: str | None, word: str) -> None:
    call = await active_call(backend, "anna")
    await backend.people.upsert_operator(Operator(name="bruno", presence=presence,
                                                  pause_reason=reason))
    with pytest.raises(Invalid) as refused:
        await backend.transfers.create_transfer(TransferDraft(
            call_id=call.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    assert "bruno" in refused.value.message and word in refused.value.message
    assert refused.value.field == "target"
    assert await backend.transfers.list_transfers(call_id=call.id) == []
    await still_annas(backend, call)


async def test_an_escalation_to_an_absent_supervisor_goes_to_a_free_one(
        backend: Backend) -> None:
    call = await active_call(backend, "anna")
    await supervisor(backend, "sara", Presence.OFFLINE)
    await supervisor(backend, "piero", Presence.ON_CALL)
    await supervisor(backend, "teo", Presence.AVAILABLE)
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="sara", kind=TransferKind.ESCALATION))
    assert (offer.target, offer.status) == ("teo", TransferStatus.OFFERED)
    assert await offered_to(backend, "teo") == [offer.id]
    assert await offered_to(backend, "sara") == []


async def test_an_escalation_with_no_free_supervisor_is_refused(backend: Backend) -> None:
    call = await active_call(backend, "anna")
    await supervisor(backend, "sara", Presence.OFFLINE)
    await supervisor(backend, "piero", Presence.PAUSED, "Meeting")
    with pytest.raises(Invalid) as refused:
        await backend.transfers.create_transfer(TransferDraft(
            call_id=call.id, from_operator="anna", target="sara", kind=TransferKind.ESCALATION))
    assert "sara is offline" in refused.value.message
    assert "no other supervisor is free" in refused.value.message
    await still_annas(backend, call)


async def test_an_offer_waits_the_default_timeout(backend: Backend) -> None:
    call = await active_call(backend, "anna")
    await operator(backend, "bruno")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    assert offer.timeout_seconds == DEFAULT_OFFER_TIMEOUT == 30
    assert offer.expires_at is not None
    assert (offer.expires_at - offer.created_at).total_seconds() == pytest.approx(30, abs=1)


async def test_an_unanswered_offer_times_out_and_the_call_stays(backend: Backend) -> None:
    call = await active_call(backend, "anna")
    await operator(backend, "bruno")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="bruno", kind=TransferKind.WARM,
        timeout_seconds=1))
    assert await offered_to(backend, "bruno") == [offer.id]
    await asyncio.sleep(1.3)
    assert await offered_to(backend, "bruno") == []  # never shown once its time is up
    [lapsed] = await backend.transfers.list_transfers(call_id=call.id)
    assert (lapsed.status, lapsed.responded_by) == (TransferStatus.TIMED_OUT, None)
    with pytest.raises(Conflict):
        await backend.transfers.respond_transfer(offer.id, True, "bruno")
    await still_annas(backend, call)
    # the call is free to be transferred again
    again = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="billing", kind=TransferKind.QUEUE))
    assert again.status is TransferStatus.ACCEPTED
    kinds = [e.kind for e in await backend.feed.read_events()
             if e.subject == f"transfer:{offer.id}"]
    assert "transfer.timed_out" in kinds


async def test_the_operator_takes_an_offer_back(backend: Backend) -> None:
    call = await active_call(backend, "anna")
    await operator(backend, "bruno")
    await operator(backend, "carla")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    with pytest.raises(Forbidden):
        await backend.transfers.cancel_transfer(offer.id, "carla")
    cancelled = await backend.transfers.cancel_transfer(offer.id, "anna")
    assert (cancelled.status, cancelled.responded_by) == (TransferStatus.CANCELLED, "anna")
    assert await offered_to(backend, "bruno") == []
    with pytest.raises(Conflict):
        await backend.transfers.respond_transfer(offer.id, True, "bruno")
    with pytest.raises(Conflict):
        await backend.transfers.cancel_transfer(offer.id, "anna")
    await still_annas(backend, call)
    again = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="carla", kind=TransferKind.WARM))
    assert again.status is TransferStatus.OFFERED


async def test_an_offer_whose_call_ended_is_withdrawn(backend: Backend) -> None:
    call = await active_call(backend, "anna")
    await operator(backend, "bruno")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    await backend.calls.end_call(call.id, "anna")
    assert await offered_to(backend, "bruno") == []  # never shown for a finished call
    [withdrawn] = await backend.transfers.list_transfers(call_id=call.id)
    assert withdrawn.status is TransferStatus.WITHDRAWN
    with pytest.raises(Conflict):
        await backend.transfers.respond_transfer(offer.id, True, "bruno")
    assert [c for c in await backend.calls.list_calls(operator="bruno") if c.is_open] == []
    kinds = [e.kind for e in await backend.feed.read_events()
             if e.subject == f"transfer:{offer.id}"]
    assert "transfer.withdrawn" in kinds
