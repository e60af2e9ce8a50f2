"""Calls on SQLite: the flat `Backend` methods, each a one-line delegation to the calls service
(backends/calls/service.py) over SQLite storage (calls_storage.py), kept while callers move to
`backend.calls` (docs/ARCHITECTURE.md, "Known debts")."""

from __future__ import annotations

from collections.abc import Sequence

from backends.calls.api import Calls
from backends.calls.models import Call, CallChanges, CallDraft, CallState
from backends.sqlite.base import SqliteBase


class CallsMixin(SqliteBase):
    _calls: Calls  # set by SqliteBackend

    async def create_call(self, draft: CallDraft) -> Call:
        return await self._calls.create_call(draft)

    async def get_call(self, call_id: int) -> Call:
        return await self._calls.get_call(call_id)

    async def list_calls(self, *, states: Sequence[CallState] | None = None,
                         customer_id: int | None = None, operator: str | None = None,
                         limit: int = 100) -> list[Call]:
        return await self._calls.list_calls(states=states, customer_id=customer_id,
                                           operator=operator, limit=limit)

    async def claim_call(self, call_id: int | None, operator: str) -> Call:
        return await self._calls.claim_call(call_id, operator)

    async def set_call_state(self, call_id: int, state: CallState, *,
                             operator: str | None = None,
                             disposition: str | None = None) -> Call:
        return await self._calls.set_call_state(call_id, state, operator=operator,
                                               disposition=disposition)

    async def update_call(self, call_id: int, version: int, changes: CallChanges) -> Call:
        return await self._calls.update_call(call_id, version, changes)

    async def answer_call(self, call_id: int | None, operator: str) -> Call:
        return await self._calls.answer_call(call_id, operator)

    async def end_call(self, call_id: int, operator: str) -> Call:
        return await self._calls.end_call(call_id, operator)

    async def finish_call(self, call_id: int, operator: str, disposition: str) -> Call:
        return await self._calls.finish_call(call_id, operator, disposition)
