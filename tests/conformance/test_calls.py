"""Calls: the queue, claiming (also under a race), the state machine, wrap-up and dispositions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from backends.calls.inputs import CallChanges
from backends.calls.models import CALL_TRANSITIONS, Call, CallState, Channel
from backends.errors import Conflict, Invalid, NotFound
from backends.people.models import Disposition
from backends.protocol import Backend
from tests.conformance.helpers import LONDON, ROME, active_call, call, operator

DISPOSITION = "CONF_OK"


async def with_disposition(backend: Backend) -> None:
    await backend.people.upsert_disposition(Disposition(code=DISPOSITION, label="Conformance done"))


async def test_create_and_get(backend: Backend) -> None:
    created = await call(backend, "+39 06 1234 5678", queue="billing", priority=3,
                         notes="asked for Anna")
    assert created.id > 0 and created.version == 1
    assert created.state is CallState.WAITING and created.is_open
    assert created.caller == ROME  # voice callers are stored as E.164
    assert (created.queue, created.priority, created.notes) == ("billing", 3, "asked for Anna")
    assert created.operator is None and created.answered_at is None
    assert await backend.calls.get_call(created.id) == created


async def test_non_voice_caller_is_kept(backend: Backend) -> None:
    created = await call(backend, "mario@example.it", channel=Channel.EMAIL)
    assert created.caller == "mario@example.it"


async def test_missing_call_is_not_found(backend: Backend) -> None:
    await operator(backend, "anna")
    for attempt in (backend.calls.get_call(31337), backend.calls.claim_call(31337, "anna"),
                    backend.calls.set_call_state(31337, CallState.ABANDONED),
                    backend.calls.update_call(31337, 1, CallChanges(notes="x"))):
        with pytest.raises(NotFound):
            await attempt


async def test_empty_queue_is_not_found(backend: Backend) -> None:
    await operator(backend, "anna")
    with pytest.raises(NotFound):
        await backend.calls.claim_call(None, "anna")


async def test_queue_order_priority_vip_arrival(backend: Backend) -> None:
    now = datetime.now(UTC)
    old = await call(backend, ROME, arrived_at=now - timedelta(minutes=5))
    new = await call(backend, ROME, arrived_at=now - timedelta(minutes=1))
    vip = await call(backend, LONDON, vip=True, arrived_at=now)
    urgent = await call(backend, LONDON, priority=9, arrived_at=now)
    waiting = await backend.calls.list_calls(states=[CallState.WAITING])
    assert [c.id for c in waiting] == [urgent.id, vip.id, old.id, new.id]
    await operator(backend, "anna")
    claimed = await backend.calls.claim_call(None, "anna")
    assert claimed.id == urgent.id


async def test_claim_sets_operator_and_answered_at(backend: Backend) -> None:
    await operator(backend, "anna")
    waiting = await call(backend)
    claimed = await backend.calls.claim_call(waiting.id, "anna")
    assert claimed.state is CallState.ACTIVE and claimed.operator == "anna"
    assert claimed.answered_at is not None and claimed.version > waiting.version
    assert await backend.calls.get_call(waiting.id) == claimed
    assert [c.id for c in await backend.calls.list_calls(operator="anna")] == [waiting.id]
    await operator(backend, "bruno")
    with pytest.raises(Conflict):
        await backend.calls.claim_call(waiting.id, "bruno")
    assert (await backend.calls.get_call(waiting.id)).operator == "anna"


async def test_claim_race_every_call_claimed_exactly_once(backend: Backend) -> None:
    names = [f"op{i:02d}" for i in range(20)]
    for name in names:
        await operator(backend, name)
    calls = [await call(backend, ROME, queue="race") for _ in range(10)]
    results = await asyncio.gather(*(backend.calls.claim_call(None, name) for name in names),
                                   return_exceptions=True)
    won = [r for r in results if isinstance(r, Call)]
    lost = [r for r in results if not isinstance(r, Call)]
    assert all(isinstance(r, Conflict | NotFound) for r in lost), lost
    assert sorted(c.id for c in won) == sorted(c.id for c in calls)  # each exactly once
    for won_call in won:
        stored = await backend.calls.get_call(won_call.id)
        assert stored.state is CallState.ACTIVE and stored.operator == won_call.operator
    assert len({c.operator for c in won}) == len(won)  # nobody answered two at once


async def test_race_on_one_call_has_one_winner(backend: Backend) -> None:
    names = [f"op{i:02d}" for i in range(12)]
    for name in names:
        await operator(backend, name)
    contested = await call(backend)
    results = await asyncio.gather(*(backend.calls.claim_call(contested.id, n) for n in names),
                                   return_exceptions=True)
    won = [r for r in results if isinstance(r, Call)]
    assert len(won) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Call))
    assert (await backend.calls.get_call(contested.id)).operator == won[0].operator


async def reach(backend: Backend, state: CallState) -> Call:
    """A call in `state`, reached by allowed moves only."""
    await with_disposition(backend)
    if state in (CallState.WAITING, CallState.OFFERED, CallState.ABANDONED,
                 CallState.TRANSFERRED):
        current = await call(backend)
        if state is CallState.OFFERED:
            await operator(backend, "anna")
            current = await backend.calls.set_call_state(current.id, state, operator="anna")
        elif state is not CallState.WAITING:
            current = await backend.calls.set_call_state(current.id, state)
        return current
    current = await active_call(backend, "anna")
    if state in (CallState.ON_HOLD, CallState.WRAP_UP):
        current = await backend.calls.set_call_state(current.id, state)
    if state is CallState.DONE:
        await backend.calls.set_call_state(current.id, CallState.WRAP_UP)
        current = await backend.calls.set_call_state(current.id, CallState.DONE,
                                                     disposition=DISPOSITION)
    assert current.state is state
    return current


@pytest.mark.parametrize("start", list(CallState))
async def test_disallowed_transitions_are_conflicts(backend: Backend, start: CallState) -> None:
    current = await reach(backend, start)
    for target in CallState:
        if target in CALL_TRANSITIONS[start]:
            continue
        with pytest.raises(Conflict):
            await backend.calls.set_call_state(current.id, target, operator="anna",
                                               disposition=DISPOSITION)
        assert await backend.calls.get_call(current.id) == current, (start, target)


async def test_full_life_of_a_call(backend: Backend) -> None:
    await with_disposition(backend)
    current = await active_call(backend, "anna")
    held = await backend.calls.set_call_state(current.id, CallState.ON_HOLD)
    assert held.state is CallState.ON_HOLD and held.operator == "anna"
    back = await backend.calls.set_call_state(current.id, CallState.ACTIVE)
    wrap = await backend.calls.set_call_state(current.id, CallState.WRAP_UP)
    assert back.state is CallState.ACTIVE and wrap.ended_at is not None
    done = await backend.calls.set_call_state(current.id, CallState.DONE, disposition=DISPOSITION)
    assert done.state is CallState.DONE and done.disposition == DISPOSITION
    assert not done.is_open and done.ended_at is not None
    assert await backend.calls.get_call(current.id) == done


async def test_done_needs_a_disposition(backend: Backend) -> None:
    current = await reach(backend, CallState.WRAP_UP)
    with pytest.raises(Invalid) as info:
        await backend.calls.set_call_state(current.id, CallState.DONE)
    assert info.value.field == "disposition"
    assert (await backend.calls.get_call(current.id)).state is CallState.WRAP_UP


async def test_disposition_set_during_the_call_is_enough(backend: Backend) -> None:
    current = await reach(backend, CallState.WRAP_UP)
    noted = await backend.calls.update_call(current.id, current.version,
                                            CallChanges(disposition=DISPOSITION))
    done = await backend.calls.set_call_state(noted.id, CallState.DONE)
    assert done.disposition == DISPOSITION


async def test_update_call_and_conflict(backend: Backend) -> None:
    current = await active_call(backend, "anna")
    updated = await backend.calls.update_call(current.id, current.version,
                                              CallChanges(notes="wants a callback", priority=2))
    assert updated.version == current.version + 1
    assert (updated.notes, updated.priority, updated.state) == ("wants a callback", 2,
                                                                CallState.ACTIVE)
    with pytest.raises(Conflict) as info:
        await backend.calls.update_call(current.id, current.version, CallChanges(notes="lost"))
    assert info.value.current == updated
    assert await backend.calls.get_call(current.id) == updated


async def test_list_calls_filters(backend: Backend) -> None:
    answered = await active_call(backend, "anna")
    waiting = await call(backend, LONDON)
    by_state = await backend.calls.list_calls(states=[CallState.ACTIVE])
    assert [c.id for c in by_state] == [answered.id]
    all_ids = {c.id for c in await backend.calls.list_calls()}
    assert {answered.id, waiting.id} <= all_ids
    assert len(await backend.calls.list_calls(limit=1)) == 1


async def test_dispositions(backend: Backend) -> None:
    saved = await backend.people.upsert_disposition(
        Disposition(code="CB_LATER", label="Call back later", needs_callback=True))
    assert saved.code == "CB_LATER" and saved.needs_callback
    listed = {d.code: d for d in await backend.people.list_dispositions()}
    assert listed["CB_LATER"] == saved
    await backend.people.upsert_disposition(Disposition(code="CB_LATER", label="Richiamare",
                                                        needs_callback=True, active=False))
    listed = {d.code: d for d in await backend.people.list_dispositions()}
    assert (listed["CB_LATER"].label, listed["CB_LATER"].active) == ("Richiamare", False)
    assert list(listed).count("CB_LATER") == 1


async def test_call_for_a_missing_customer_is_refused(backend: Backend) -> None:
    with pytest.raises((NotFound, Invalid)):
        await call(backend, ROME, customer_id=999_999)
    assert await backend.calls.list_calls() == []


async def test_linking_tickets_to_a_call_shows_on_both(backend: Backend) -> None:
    from tests.conformance.helpers import customer, ticket

    rossi = await customer(backend, "Mario Rossi", phones=[ROME])
    current = await active_call(backend, "anna")
    first = await ticket(backend, "first", customer_id=rossi.id)
    linked = await backend.calls.update_call(
        current.id, current.version, CallChanges(ticket_ids=[first.id], customer_id=rossi.id)
    )
    assert linked.ticket_ids == [first.id] and linked.customer_id == rossi.id
    assert current.id in (await backend.tickets.get_ticket(first.id)).call_ids
    assert [c.id for c in await backend.calls.list_calls(customer_id=rossi.id)] == [current.id]
