"""A store that implements only the storage Protocols gets every rule from the services: here
the calls service over a store kept in dicts (what a PostgreSQL store would implement, and
nothing else). Transitions, presence following the call, required outcomes and atomic use
cases come from backends/calls/service.py and rules.py, not from any store.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import Call, CallState
from backends.calls.service import CallsService
from backends.calls.storage import CallsStorage, CallsWriter
from backends.errors import Conflict, Invalid, NotFound
from backends.people.models import Presence

T = TypeVar("T")


class DictCalls:
    """`CallsWriter` over dicts."""

    def __init__(self) -> None:
        self.calls: dict[int, Call] = {}
        self.presence: dict[str, tuple[Presence, str | None]] = {}
        self.dispositions = {"SOLVED"}
        self.events: list[tuple[str, str, dict[str, Any]]] = []
        self.now = datetime.now(UTC)

    # -- CallsWriter -------------------------------------------------------------------------
    def get_call(self, call_id: int) -> Call:
        if call_id not in self.calls:
            raise NotFound(f"no call {call_id}")
        return self.calls[call_id].model_copy()

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int] = ()) -> int:
        call_id = len(self.calls) + 1
        self.calls[call_id] = Call.model_validate(
            {**{k: v for k, v in values.items() if v is not None}, "id": call_id,
             "ticket_ids": list(ticket_ids)})
        return call_id

    def claim(self, call_id: int, operator: str, claimable: Sequence[CallState]) -> bool:
        call = self.calls.get(call_id)
        if call is None or call.state not in claimable:
            return False
        self._set(call_id, {"state": CallState.ACTIVE, "operator": operator,
                            "answered_at": call.answered_at or self.now})
        return True

    def queue_heads(self, limit: int) -> list[int]:
        return [i for i, c in self.calls.items() if c.state is CallState.WAITING][:limit]

    def offered_to(self, operator: str, limit: int) -> list[int]:
        return [i for i, c in self.calls.items()
                if c.state is CallState.OFFERED and c.operator == operator][:limit]

    def _set(self, call_id: int, fields: dict[str, object]) -> None:
        call = self.calls[call_id]
        self.calls[call_id] = call.model_copy(update={**fields, "version": call.version + 1})

    def update_if_state(self, call_id: int, state: CallState,
                        fields: dict[str, object]) -> bool:
        if self.calls[call_id].state is not state:
            return False
        self._set(call_id, fields)
        return True

    def update_if_version(self, call_id: int, version: int, fields: dict[str, object]) -> bool:
        if self.calls[call_id].version != version:
            return False
        self._set(call_id, fields)
        return True

    def link_tickets(self, call_id: int, ticket_ids: Sequence[int]) -> None:
        self.calls[call_id] = self.calls[call_id].model_copy(
            update={"ticket_ids": list(ticket_ids)})

    def customer_exists(self, customer_id: int) -> bool:
        return False

    def ticket_exists(self, ticket_id: int) -> bool:
        return False

    def disposition_exists(self, code: str) -> bool:
        return code in self.dispositions

    def customers_by_email(self, email: str, limit: int) -> list[int]:
        return []

    def customers_by_phone(self, number: str) -> list[int]:
        return []

    def customer_tags(self, customer_id: int) -> list[str]:
        return []

    def presence_of(self, operator: str) -> tuple[Presence, str | None] | None:
        return self.presence.get(operator)

    def set_presence(self, operator: str, presence: Presence, reason: str | None) -> None:
        self.presence[operator] = (presence, reason)

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        self.events.append((kind, subject, data))


class DictStorage:
    """`CallsStorage`: a write works on a copy of the dicts that replaces them only when the
    work returns (all or nothing, like a transaction)."""

    def __init__(self) -> None:
        self.state = DictCalls()

    async def write(self, work: Callable[[CallsWriter], T]) -> T:
        draft = copy.deepcopy(self.state)
        draft.now = datetime.now(UTC)
        result = work(draft)
        self.state = draft
        return result

    async def get_call(self, call_id: int) -> Call:
        return self.state.get_call(call_id)

    async def list_calls(self, *, states: Sequence[CallState], customer_id: int | None,
                         operator: str | None, limit: int, queue_order: bool) -> list[Call]:
        found = [c for c in self.state.calls.values() if not states or c.state in states]
        return found[:limit]


@pytest.fixture
def store() -> DictStorage:
    plain = DictStorage()
    plain.state.presence["anna"] = (Presence.AVAILABLE, None)
    return plain


def service(store: DictStorage) -> CallsService:
    storage: CallsStorage = store  # checked by mypy: the Protocol is all a store implements
    return CallsService(storage, "IT")


async def test_the_whole_call_with_its_presence(store: DictStorage) -> None:
    calls = service(store)
    waiting = await calls.create_call(CallDraft(caller="06 1234 5678"))
    assert waiting.caller == "+390612345678" and waiting.state is CallState.WAITING
    answered = await calls.answer_call(None, "anna")
    assert answered.state is CallState.ACTIVE
    assert store.state.presence["anna"][0] is Presence.ON_CALL
    ended = await calls.end_call(answered.id, "anna")
    assert ended.state is CallState.WRAP_UP
    assert store.state.presence["anna"][0] is Presence.WRAP_UP
    done = await calls.finish_call(answered.id, "anna", "SOLVED")
    assert done.state is CallState.DONE and done.disposition == "SOLVED"
    assert store.state.presence["anna"] == (Presence.AVAILABLE, None)
    assert [kind for kind, _subject, _data in store.state.events] == [
        "call.created", "call.claimed", "operator.presence", "call.state",
        "operator.presence", "call.state", "operator.presence"]


async def test_the_rules_refuse_for_a_store_that_only_stores(store: DictStorage) -> None:
    calls = service(store)
    waiting = await calls.create_call(CallDraft(caller="+390612345678"))
    with pytest.raises(Conflict):
        await calls.set_call_state(waiting.id, CallState.DONE)
    answered = await calls.answer_call(waiting.id, "anna")
    await calls.end_call(answered.id, "anna")
    with pytest.raises(Invalid):
        await calls.finish_call(answered.id, "anna", "NOT_AN_OUTCOME")
    assert (await calls.get_call(answered.id)).state is CallState.WRAP_UP
    with pytest.raises(Invalid):  # a stranger answers nothing: the claim is undone too
        await calls.answer_call(
            (await calls.create_call(CallDraft(caller="+390612345679"))).id, "nobody")
    assert [c.state for c in store.state.calls.values()] == [CallState.WRAP_UP, CallState.WAITING]
