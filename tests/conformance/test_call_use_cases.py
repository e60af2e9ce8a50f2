"""The operator's call use cases, each one operation: answer (claim + on a call), end (→ wrap-up
+ presence wrap-up), finish (the outcome + available). They have exactly the effect of the
several calls the screens made before (claim_call, set_call_state, update_call, set_presence),
and a failure leaves nothing half done.

Run on every backend: sqlite, rt, rt_token, and http (one request each, one transaction on
the server's SQLite).
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.calls.models import Call, CallState
from backends.errors import Conflict, Invalid, NotFound
from backends.people.models import Disposition, Presence
from backends.protocol import Backend
from tests.conformance.helpers import active_call, call, operator
from tests.conftest import BACKEND_NAMES

BACKENDS = BACKEND_NAMES  # every module of tests/backend_factories
OUTCOME = "SOLVED_ATOMIC"


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    factory = importlib.import_module(f"tests.backend_factories.{request.param}")
    async with factory.make(tmp_path, request) as opened:
        yield opened


async def with_outcome(backend: Backend) -> None:
    await backend.people.upsert_disposition(Disposition(code=OUTCOME, label="Solved"))


async def presence(backend: Backend, name: str) -> tuple[Presence, str | None]:
    who = await backend.people.get_operator(name)
    return who.presence, who.pause_reason


# -- answer ----------------------------------------------------------------------------------
async def test_answer_claims_and_puts_the_operator_on_a_call(backend: Backend) -> None:
    await operator(backend, "anna", Presence.AVAILABLE)
    waiting = await call(backend)
    answered = await backend.calls.answer_call(waiting.id, "anna")
    assert answered.state is CallState.ACTIVE and answered.operator == "anna"
    assert answered.answered_at is not None
    assert await backend.calls.get_call(waiting.id) == answered
    assert await presence(backend, "anna") == (Presence.ON_CALL, None)


async def test_answer_takes_the_head_of_the_queue(backend: Backend) -> None:
    await operator(backend, "anna")
    first = await call(backend)
    await call(backend)
    assert (await backend.calls.answer_call(None, "anna")).id == first.id


async def test_answer_from_a_pause_clears_the_reason(backend: Backend) -> None:
    await operator(backend, "anna")
    await backend.people.set_presence("anna", Presence.PAUSED, "training")
    waiting = await call(backend)
    await backend.calls.answer_call(waiting.id, "anna")
    assert await presence(backend, "anna") == (Presence.ON_CALL, None)


async def test_answer_an_empty_queue_is_not_found(backend: Backend) -> None:
    await operator(backend, "anna")
    with pytest.raises(NotFound):
        await backend.calls.answer_call(None, "anna")
    assert await presence(backend, "anna") == (Presence.AVAILABLE, None)


async def test_answer_a_call_taken_first_conflicts_and_changes_nothing(backend: Backend) -> None:
    taken = await active_call(backend, "bruno")
    await operator(backend, "anna")
    with pytest.raises(Conflict) as info:
        await backend.calls.answer_call(taken.id, "anna")
    assert info.value.current == taken
    assert await presence(backend, "anna") == (Presence.AVAILABLE, None)


async def test_answer_by_an_unknown_operator_claims_nothing(backend: Backend) -> None:
    """The claim and the presence are one operation: claim_call then set_presence left the
    call claimed when the presence could not be set."""
    waiting = await call(backend)
    with pytest.raises(Invalid) as refused:
        await backend.calls.answer_call(waiting.id, "nobody")
    assert refused.value.field == "operator"
    after = await backend.calls.get_call(waiting.id)
    assert after.state is CallState.WAITING and after.operator is None
    assert after.version == waiting.version


async def test_answer_needs_a_named_operator(backend: Backend) -> None:
    waiting = await call(backend)
    with pytest.raises(Invalid):
        await backend.calls.answer_call(waiting.id, "  ")


async def test_answer_appends_the_claim_and_the_presence_to_the_feed(backend: Backend) -> None:
    await operator(backend, "anna")
    waiting = await call(backend)
    before = await backend.feed.last_event_id()
    await backend.calls.answer_call(waiting.id, "anna")
    kinds = {(e.kind, e.subject) for e in await backend.feed.read_events(before)}
    assert ("call.claimed", f"call:{waiting.id}") in kinds
    assert ("operator.presence", "operator:anna") in kinds


# -- end -------------------------------------------------------------------------------------
@pytest.mark.parametrize("talking", [CallState.ACTIVE, CallState.ON_HOLD])
async def test_end_moves_the_call_and_the_operator_to_wrap_up(backend: Backend,
                                                              talking: CallState) -> None:
    current = await active_call(backend, "anna")
    if talking is CallState.ON_HOLD:
        current = await backend.calls.set_call_state(current.id, talking, operator="anna")
    ended = await backend.calls.end_call(current.id, "anna")
    assert ended.state is CallState.WRAP_UP and ended.ended_at is not None
    assert await backend.calls.get_call(current.id) == ended
    assert await presence(backend, "anna") == (Presence.WRAP_UP, None)


async def test_end_puts_the_operator_in_wrap_up_whatever_the_presence(backend: Backend) -> None:
    current = await active_call(backend, "anna")
    await backend.people.set_presence(
        "anna", Presence.AVAILABLE
    )  # set_presence after it did so too
    await backend.calls.end_call(current.id, "anna")
    assert await presence(backend, "anna") == (Presence.WRAP_UP, None)


async def test_end_of_a_transferred_call_keeps_it_and_starts_the_wrap_up(
        backend: Backend) -> None:
    current = await active_call(backend, "anna")
    handed = await backend.calls.set_call_state(current.id, CallState.TRANSFERRED, operator="anna")
    await backend.people.set_presence("anna", Presence.AVAILABLE)
    ended = await backend.calls.end_call(current.id, "anna")
    assert ended == handed and ended.state is CallState.TRANSFERRED
    assert await presence(backend, "anna") == (Presence.WRAP_UP, None)


async def test_end_of_a_waiting_call_conflicts_and_changes_nothing(backend: Backend) -> None:
    await operator(backend, "anna")
    waiting = await call(backend)
    with pytest.raises(Conflict):
        await backend.calls.end_call(waiting.id, "anna")
    assert await backend.calls.get_call(waiting.id) == waiting
    assert await presence(backend, "anna") == (Presence.AVAILABLE, None)


async def test_end_of_no_call_is_not_found(backend: Backend) -> None:
    await operator(backend, "anna")
    with pytest.raises(NotFound):
        await backend.calls.end_call(999_999, "anna")


# -- finish ----------------------------------------------------------------------------------
async def wrapped_up(backend: Backend, name: str = "anna") -> Call:
    await with_outcome(backend)
    current = await active_call(backend, name)
    return await backend.calls.end_call(current.id, name)


async def test_finish_records_the_outcome_and_makes_the_operator_available(
        backend: Backend) -> None:
    ended = await wrapped_up(backend)
    done = await backend.calls.finish_call(ended.id, "anna", OUTCOME)
    assert done.state is CallState.DONE and done.disposition == OUTCOME
    assert await backend.calls.get_call(ended.id) == done
    assert await presence(backend, "anna") == (Presence.AVAILABLE, None)


async def test_finish_needs_an_outcome_and_changes_nothing_without(backend: Backend) -> None:
    ended = await wrapped_up(backend)
    for missing in ("", "   "):
        with pytest.raises(Invalid) as info:
            await backend.calls.finish_call(ended.id, "anna", missing)
        assert info.value.field == "disposition"
    assert await backend.calls.get_call(ended.id) == ended
    assert await presence(backend, "anna") == (Presence.WRAP_UP, None)


async def test_finish_with_an_unknown_outcome_changes_nothing(backend: Backend) -> None:
    ended = await wrapped_up(backend)
    with pytest.raises(Invalid) as info:
        await backend.calls.finish_call(ended.id, "anna", "NO_SUCH_OUTCOME")
    assert info.value.field == "disposition"
    assert await backend.calls.get_call(ended.id) == ended
    assert await presence(backend, "anna") == (Presence.WRAP_UP, None)


async def test_finish_by_an_unknown_operator_finishes_nothing(backend: Backend) -> None:
    """set_call_state(done) then set_presence left the call done when the presence failed."""
    ended = await wrapped_up(backend)
    with pytest.raises(Invalid) as refused:
        await backend.calls.finish_call(ended.id, "nobody", OUTCOME)
    assert refused.value.field == "operator"
    assert await backend.calls.get_call(ended.id) == ended


async def test_finish_of_a_transferred_call_records_the_outcome_only(backend: Backend) -> None:
    await with_outcome(backend)
    current = await active_call(backend, "anna")
    handed = await backend.calls.set_call_state(current.id, CallState.TRANSFERRED, operator="anna")
    await backend.calls.end_call(handed.id, "anna")
    finished = await backend.calls.finish_call(handed.id, "anna", OUTCOME)
    assert finished.state is CallState.TRANSFERRED and finished.disposition == OUTCOME
    assert await presence(backend, "anna") == (Presence.AVAILABLE, None)
    again = await backend.calls.finish_call(handed.id, "anna", OUTCOME)  # same outcome: no edit
    assert again.version == finished.version


async def test_finish_of_an_active_call_conflicts(backend: Backend) -> None:
    await with_outcome(backend)
    current = await active_call(backend, "anna")
    with pytest.raises(Conflict):
        await backend.calls.finish_call(current.id, "anna", OUTCOME)
    assert await backend.calls.get_call(current.id) == current
    assert await presence(backend, "anna") == (Presence.ON_CALL, None)
