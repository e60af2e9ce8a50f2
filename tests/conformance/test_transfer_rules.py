"""Who may transfer a call and answer an offer, enforced by the store on every backend (over
HTTP the conformance token may name anyone, so what is refused here is the store's rule)."""

from __future__ import annotations

import pytest

from backends.calls.models import Call, CallState
from backends.errors import Forbidden
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from backends.protocol import Backend
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind, TransferStatus
from tests.conformance.helpers import active_call, operator

TARGETS = {TransferKind.BLIND: "billing", TransferKind.QUEUE: "support",
           TransferKind.WARM: "carla", TransferKind.ESCALATION: "sara"}


async def supervisor(backend: Backend, name: str = "sara") -> None:
    await backend.people.upsert_operator(Operator(name=name, role=Role.SUPERVISOR,
                                                  presence=Presence.AVAILABLE))


async def bobs_call(backend: Backend) -> Call:
    await operator(backend, "anna")
    await operator(backend, "carla")
    await supervisor(backend)
    return await active_call(backend, "bob")


async def unchanged(backend: Backend, call: Call) -> None:
    """A refused transfer leaves no trace: bob still holds the call, nothing was queued."""
    now = await backend.calls.get_call(call.id)
    assert (now.state, now.operator, now.version) == (call.state, "bob", call.version)
    assert await backend.transfers.list_transfers(call_id=call.id) == []
    assert await backend.calls.list_calls(states=[CallState.WAITING]) == []


@pytest.mark.parametrize("kind", list(TransferKind))
async def test_only_the_holder_transfers_a_call(backend: Backend, kind: TransferKind) -> None:
    call = await bobs_call(backend)
    for intruder in ("anna", "carla", "nobody-at-all"):
        with pytest.raises(Forbidden):
            await backend.transfers.create_transfer(TransferDraft(
                call_id=call.id, from_operator=intruder, target=TARGETS[kind], kind=kind))
        await unchanged(backend, call)
    done = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="bob", target=TARGETS[kind], kind=kind))
    assert done.from_operator == "bob"


@pytest.mark.parametrize("kind", [TransferKind.BLIND, TransferKind.WARM])
async def test_a_supervisor_transfers_anybodys_call(backend: Backend, kind: TransferKind) -> None:
    call = await bobs_call(backend)
    done = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="sara", target=TARGETS[kind], kind=kind))
    assert done.from_operator == "sara"
    expected = TransferStatus.ACCEPTED if kind is TransferKind.BLIND else TransferStatus.OFFERED
    assert done.status is expected


@pytest.mark.parametrize("accept", [True, False])
async def test_only_the_target_answers_an_offer_to_a_person(backend: Backend,
                                                             accept: bool) -> None:
    call = await bobs_call(backend)
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="bob", target="carla", kind=TransferKind.WARM))
    for intruder in ("anna", "bob", "sara"):  # sara: a supervisor, but carla is a person
        with pytest.raises(Forbidden):
            await backend.transfers.respond_transfer(offer.id, accept, intruder)
    [still] = await backend.transfers.list_transfers(call_id=call.id)
    assert (still.status, still.responded_by) == (TransferStatus.OFFERED, None)
    assert (await backend.calls.get_call(call.id)).operator == "bob"
    answered = await backend.transfers.respond_transfer(offer.id, accept, "carla")
    assert answered.responded_by == "carla"


async def test_an_offer_to_a_directory_person_is_theirs_alone(backend: Backend) -> None:
    call = await bobs_call(backend)
    await backend.people.upsert_directory_entry(DirectoryEntry(name="Luca Bianchi",
                                                               kind=DirectoryKind.PERSON))
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="bob", target="Luca Bianchi", kind=TransferKind.WARM))
    with pytest.raises(Forbidden):
        await backend.transfers.respond_transfer(offer.id, True, "sara")
    assert (await backend.transfers.respond_transfer(offer.id, True, "Luca Bianchi")).status is (
        TransferStatus.ACCEPTED)


@pytest.mark.parametrize(("target", "kind"), [("Sales", DirectoryKind.DEPARTMENT),
                                              ("Billing", DirectoryKind.QUEUE),
                                              ("returns", None)])  # a queue named only
async def test_a_supervisor_answers_for_a_department_or_queue(
        backend: Backend, target: str, kind: DirectoryKind | None) -> None:
    call = await bobs_call(backend)
    if kind is not None:
        await backend.people.upsert_directory_entry(DirectoryEntry(name=target, kind=kind))
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="bob", target=target, kind=TransferKind.ESCALATION))
    for intruder in ("anna", "bob"):  # operators do not answer for a department
        with pytest.raises(Forbidden):
            await backend.transfers.respond_transfer(offer.id, True, intruder)
    accepted = await backend.transfers.respond_transfer(offer.id, True, "sara")
    assert (accepted.status, accepted.responded_by) == (TransferStatus.ACCEPTED, "sara")
    taken = [c for c in await backend.calls.list_calls(operator="sara") if c.is_open]
    assert [c.caller for c in taken] == [call.caller]
