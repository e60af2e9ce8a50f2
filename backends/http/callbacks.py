"""The callbacks domain over HTTP: backends/callbacks/api.py `Callbacks`, spoken to the
server's routes_callbacks. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import datetime

from backends.callbacks.inputs import CallbackCompletion, CallbackDraft, CallbackReschedule
from backends.callbacks.models import Callback, CallbackState, Compliance, ComplianceBy
from backends.http import encode
from backends.http.connection import Connection


class HttpCallbacks:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def book_callback(self, draft: CallbackDraft) -> Callback:
        return await self._c.call("POST", "/v1/callbacks", Callback,
                                  body=draft.model_dump(mode="json"))

    async def get_callback(self, callback_id: int) -> Callback:
        return await self._c.get(f"/v1/callbacks/{int(callback_id)}", Callback)

    async def list_callbacks(self, *, owner: str | None = None,
                             states: list[CallbackState] | None = None,
                             customer_id: int | None = None, ticket_id: int | None = None,
                             limit: int = 100) -> list[Callback]:
        params = encode.query(owner=owner, customer_id=customer_id, ticket_id=ticket_id,
                              limit=limit,
                              state=[CallbackState(s).value for s in states or ()] or None)
        return await self._c.get("/v1/callbacks", list[Callback], params)

    async def list_due(self, operator: str, *, limit: int = 50) -> list[Callback]:
        return await self._c.get("/v1/callbacks/due", list[Callback],
                                 encode.query(operator=operator, limit=limit))

    async def make_callback(self, callback_id: int, operator: str) -> Callback:
        return await self._c.call("POST", f"/v1/callbacks/{int(callback_id)}/make", Callback,
                                  body={"operator": operator})

    async def complete_callback(self, callback_id: int,
                                completion: CallbackCompletion) -> Callback:
        return await self._c.call("POST", f"/v1/callbacks/{int(callback_id)}/completion",
                                  Callback, body=completion.model_dump(mode="json"))

    async def reschedule_callback(self, callback_id: int,
                                  change: CallbackReschedule) -> Callback:
        return await self._c.call("POST", f"/v1/callbacks/{int(callback_id)}/schedule",
                                  Callback, body=change.model_dump(mode="json"))

    async def hand_over_overdue(self) -> list[Callback]:
        return await self._c.call("POST", "/v1/callbacks/hand-over", list[Callback])

    async def compliance(self, *, since: datetime | None = None,
                         until: datetime | None = None,
                         by: ComplianceBy = ComplianceBy.OPERATOR) -> list[Compliance]:
        params = encode.query(since=since.isoformat() if since else None,
                              until=until.isoformat() if until else None,
                              by=ComplianceBy(by).value)
        return await self._c.get("/v1/callbacks/compliance", list[Compliance], params)
