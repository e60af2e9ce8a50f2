"""Transfers: blind and queue transfers complete at once; warm ones wait for an answer."""

from __future__ import annotations

import pytest

from backends.calls.models import Call, CallState
from backends.errors import Conflict, NotFound
from backends.people.models import Presence
from backends.protocol import Backend
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import Transfer, TransferKind, TransferStatus
from tests.conformance.helpers import ROME, active_call, customer, operator, ticket


async def new_waiting_calls(backend: Backend, queue: str) -> list[Call]:
    return [
        c for c in await backend.calls.list_calls(states=[CallState.WAITING]) if c.queue == queue
    ]


@pytest.mark.parametrize("kind", [TransferKind.BLIND, TransferKind.QUEUE])
async def test_transfer_to_a_queue_completes_at_once(backend: Backend,
                                                     kind: TransferKind) -> None:
    rossi = await customer(backend, "Mario Rossi", phones=[ROME])
    original = await active_call(backend, "anna", customer_id=rossi.id)
    open_ticket = await ticket(backend, "Invoice twice", customer_id=rossi.id,
                               call_id=original.id)
    transfer = await backend.transfers.create_transfer(TransferDraft(
        call_id=original.id, from_operator="anna", target="billing", kind=kind,
        note="Invoice 2024/118 charged twice; customer is upset", ticket_id=open_ticket.id))
    assert transfer.id > 0 and transfer.status is not TransferStatus.OFFERED
    assert (await backend.calls.get_call(original.id)).state is CallState.TRANSFERRED
    # the call is handed away, but its outcome is still to be recorded: wrap-up, not available
    assert (await backend.people.get_operator("anna")).presence is Presence.WRAP_UP
    [handed] = await new_waiting_calls(backend, "billing")
    assert handed.id != original.id
    assert handed.handover_note == "Invoice 2024/118 charged twice; customer is upset"
    assert open_ticket.id in handed.ticket_ids
    assert (handed.caller, handed.customer_id) == (original.caller, rossi.id)
    await operator(backend, "bruno")
    answered = await backend.calls.claim_call(None, "bruno")
    assert answered.id == handed.id and answered.handover_note == handed.handover_note


async def test_warm_transfer_accepted(backend: Backend) -> None:
    original = await active_call(backend, "anna")
    await operator(backend, "bruno")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=original.id, from_operator="anna", target="bruno", kind=TransferKind.WARM,
        note="wants a manager"))
    assert offer.status is TransferStatus.OFFERED
    assert [
        t.id
        for t in await backend.transfers.list_transfers(
            target="bruno", status=TransferStatus.OFFERED
        )
    ] == [offer.id]
    assert (await backend.calls.get_call(original.id)).operator == "anna"  # still anna's until then

    accepted = await backend.transfers.respond_transfer(offer.id, True, "bruno")
    assert accepted.status is TransferStatus.ACCEPTED
    assert (await backend.people.get_operator("anna")).presence is Presence.WRAP_UP
    assert accepted.responded_by == "bruno" and accepted.responded_at is not None
    bruno_calls = [c for c in await backend.calls.list_calls(operator="bruno") if c.is_open]
    assert [c.caller for c in bruno_calls] == [original.caller]
    anna_calls = [c for c in await backend.calls.list_calls(operator="anna") if c.is_open]
    assert anna_calls == []
    assert (
        await backend.transfers.list_transfers(target="bruno", status=TransferStatus.OFFERED) == []
    )


async def test_warm_transfer_declined_keeps_the_call(backend: Backend) -> None:
    original = await active_call(backend, "anna")
    await operator(backend, "bruno")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=original.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    declined = await backend.transfers.respond_transfer(offer.id, False, "bruno")
    assert declined.status is TransferStatus.DECLINED
    kept = await backend.calls.get_call(original.id)
    assert kept.operator == "anna" and kept.is_open and kept.state is not CallState.TRANSFERRED
    assert [c for c in await backend.calls.list_calls(operator="bruno") if c.is_open] == []


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("second", [True, False])
async def test_answering_twice_is_a_conflict(backend: Backend, first: bool,
                                             second: bool) -> None:
    original = await active_call(backend, "anna")
    await operator(backend, "bruno")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=original.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    answered = await backend.transfers.respond_transfer(offer.id, first, "bruno")
    call_after_first = await backend.calls.get_call(original.id)
    with pytest.raises(Conflict):
        await backend.transfers.respond_transfer(offer.id, second, "bruno")
    [stored] = await backend.transfers.list_transfers(call_id=original.id)
    assert stored.status is answered.status
    assert await backend.calls.get_call(original.id) == call_after_first


async def test_missing_transfer_or_call(backend: Backend) -> None:
    with pytest.raises(NotFound):
        await backend.transfers.respond_transfer(8888, True, "bruno")
    await operator(backend, "anna")
    with pytest.raises(NotFound):
        await backend.transfers.create_transfer(TransferDraft(call_id=8888, from_operator="anna",
                                                              target="billing"))


async def test_transfer_of_a_finished_call_is_a_conflict(backend: Backend) -> None:
    original = await active_call(backend, "anna")
    await backend.calls.set_call_state(original.id, CallState.WRAP_UP)
    with pytest.raises(Conflict):
        await backend.transfers.create_transfer(
            TransferDraft(call_id=original.id, from_operator="anna", target="billing")
        )
    assert await new_waiting_calls(backend, "billing") == []


async def test_list_transfers_filters(backend: Backend) -> None:
    first = await active_call(backend, "anna")
    second = await active_call(backend, "carla")
    await operator(backend, "bruno")
    to_bruno = await backend.transfers.create_transfer(TransferDraft(
        call_id=first.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    to_queue = await backend.transfers.create_transfer(TransferDraft(
        call_id=second.id, from_operator="carla", target="support", kind=TransferKind.QUEUE))
    assert [t.id for t in await backend.transfers.list_transfers(call_id=first.id)] == [to_bruno.id]
    assert [t.id for t in await backend.transfers.list_transfers(target="support")] == [to_queue.id]
    everything = await backend.transfers.list_transfers()
    assert {t.id for t in everything} == {to_bruno.id, to_queue.id}
    assert all(isinstance(t, Transfer) for t in everything)
