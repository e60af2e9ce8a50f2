"""Issue 15 item 6, on every backend: a blind transfer to a department puts the caller in the
directory's queue serving that department ("sales" for Sales), never in a new queue named
after the department beside it; a queue named by its id or in another case is that queue."""

from __future__ import annotations

import pytest

from backends.calls.models import CallState
from backends.people.models import DirectoryEntry, DirectoryKind
from backends.protocol import Backend
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind
from tests.conformance.helpers import active_call


async def _directory(backend: Backend) -> None:
    for entry in (DirectoryEntry(name="Sales", kind=DirectoryKind.DEPARTMENT, extension="210"),
                  DirectoryEntry(name="sales", kind=DirectoryKind.QUEUE, department="Sales",
                                 extension="310"),
                  DirectoryEntry(name="Logistics", kind=DirectoryKind.DEPARTMENT)):
        await backend.people.upsert_directory_entry(entry)


async def _queues_waiting(backend: Backend) -> list[str]:
    return [call.queue for call in await backend.calls.list_calls(states=[CallState.WAITING])]


@pytest.mark.parametrize(("target", "kind"), [
    ("Sales", TransferKind.BLIND), ("sales", TransferKind.QUEUE), ("SALES", TransferKind.BLIND),
])
async def test_a_department_s_caller_waits_in_its_queue(backend: Backend, target: str,
                                                       kind: TransferKind) -> None:
    await _directory(backend)
    talking = await active_call(backend, "anna")
    await backend.transfers.create_transfer(TransferDraft(
        call_id=talking.id, from_operator="anna", target=target, kind=kind))
    assert await _queues_waiting(backend) == ["sales"]


async def test_a_department_without_a_queue_keeps_its_name(backend: Backend) -> None:
    await _directory(backend)
    talking = await active_call(backend, "anna")
    await backend.transfers.create_transfer(TransferDraft(
        call_id=talking.id, from_operator="anna", target="Logistics", kind=TransferKind.BLIND))
    assert await _queues_waiting(backend) == ["Logistics"]
