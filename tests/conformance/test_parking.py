"""Parking (issue 19, item 4), on every backend: park the call you hold in the first free slot
(you are free meanwhile), every receptionist sees it, anybody who works calls picks it up; a
call parked too long comes back to whoever parked it; a call whose caller hung up is closed."""

from __future__ import annotations

import asyncio

import pytest

from backends.calls.models import CallState
from backends.errors import Conflict, Forbidden, NotFound
from backends.parking.api import PARKING
from backends.parking.models import ParkStatus
from backends.people.models import Operator, Presence, Role
from backends.protocol import Backend
from tests.conformance.helpers import active_call, operator


async def test_park_then_another_receptionist_picks_it_up(backend: Backend) -> None:
    parking = backend.domain(PARKING)
    call = await active_call(backend, "rita")
    await operator(backend, "sofia")
    parked = await parking.park_call(call.id, "rita")
    assert (parked.slot, parked.parked_by, parked.status) == (1, "rita", ParkStatus.PARKED)
    assert parked.caller == call.caller
    held = await backend.calls.get_call(call.id)
    assert (held.state, held.operator) == (CallState.ON_HOLD, None)
    assert (await backend.people.get_operator("rita")).presence is Presence.AVAILABLE
    second = await parking.park_call((await active_call(backend, "rita", "+3612345678")).id,
                                     "rita")
    assert second.slot == 2
    assert [p.slot for p in await parking.list_parked()] == [1, 2]
    picked = await parking.pick_up(1, "sofia")
    assert (picked.status, picked.picked_by) == (ParkStatus.PICKED_UP, "sofia")
    taken = await backend.calls.get_call(call.id)
    assert (taken.state, taken.operator) == (CallState.ACTIVE, "sofia")
    assert (await backend.people.get_operator("sofia")).presence is Presence.ON_CALL
    assert [p.slot for p in await parking.list_parked()] == [2]
    with pytest.raises(NotFound):
        await parking.pick_up(1, "sofia")


async def test_only_the_holder_parks_and_a_taken_slot_is_refused(backend: Backend) -> None:
    parking = backend.domain(PARKING)
    call = await active_call(backend, "rita")
    await operator(backend, "carlo")
    with pytest.raises(Forbidden):
        await parking.park_call(call.id, "carlo")
    other = await active_call(backend, "carlo", "+3612345678")
    await parking.park_call(call.id, "rita", slot=3)
    with pytest.raises(Conflict):
        await parking.park_call(other.id, "carlo", slot=3)
    with pytest.raises(Conflict):
        await parking.park_call(call.id, "rita")  # already parked (on hold, nobody's)
    await backend.people.upsert_operator(Operator(name="sara", role=Role.SUPERVISOR))
    assert (await parking.park_call(other.id, "sara")).parked_by == "carlo"


async def test_a_call_parked_too_long_comes_back_to_whoever_parked_it(
        backend: Backend) -> None:
    parking = backend.domain(PARKING)
    call = await active_call(backend, "rita")
    parked = await parking.park_call(call.id, "rita", return_after=5)
    assert [p.id for p in await parking.list_parked()] == [parked.id]
    for _round in range(70):  # bounded: about 7 s
        if not await parking.list_parked():
            break
        await asyncio.sleep(0.1)
    assert await parking.list_parked() == []
    back = await parking.get_parked(parked.id)
    assert back.status is ParkStatus.RETURNED
    returned = await backend.calls.get_call(call.id)
    assert (returned.state, returned.queue, returned.operator) == (
        CallState.WAITING, "rita", None)
    with pytest.raises(NotFound):
        await parking.pick_up(parked.slot, "rita")
