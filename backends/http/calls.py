"""The calls domain over HTTP: backends/calls/api.py `Calls`, spoken to the server's
routes_calls. The operator's use cases (answer, end, finish) are one request each, so a
dropped connection never leaves one half done. Part of the http client (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from backends.calls.inputs import CallChanges, CallDraft
from backends.calls.models import Call, CallState
from backends.http import encode
from backends.http.connection import Connection


class HttpCalls:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def create_call(self, draft: CallDraft) -> Call:
        return await self._c.call("POST", "/v1/calls", Call, body=draft)

    async def get_call(self, call_id: int) -> Call:
        return await self._c.get(f"/v1/calls/{int(call_id)}", Call)

    async def list_calls(self, *, states: Sequence[CallState] | None = None,
                         customer_id: int | None = None, operator: str | None = None,
                         limit: int = 100) -> list[Call]:
        params = encode.query(customer_id=customer_id, operator=operator, limit=limit,
                              state=[CallState(s).value for s in states or ()])
        return await self._c.get("/v1/calls", list[Call], params)

    async def claim_call(self, call_id: int | None, operator: str) -> Call:
        path = "/v1/queue/claim" if call_id is None else f"/v1/calls/{int(call_id)}/claim"
        return await self._c.call("POST", path, Call, body={"operator": operator})

    async def set_call_state(self, call_id: int, state: CallState, *,
                             operator: str | None = None,
                             disposition: str | None = None) -> Call:
        body = {"state": CallState(state).value, "operator": operator,
                "disposition": disposition}
        return await self._c.call("POST", f"/v1/calls/{int(call_id)}/state", Call, body=body)

    async def update_call(self, call_id: int, version: int, changes: CallChanges) -> Call:
        return await self._c.call("PATCH", f"/v1/calls/{int(call_id)}", Call,
                                  body=encode.changes(changes), if_match=version)

    # -- the operator's use cases: one request each ------------------------------------------
    async def answer_call(self, call_id: int | None, operator: str) -> Call:
        path = "/v1/queue/answer" if call_id is None else f"/v1/calls/{int(call_id)}/answer"
        return await self._c.call("POST", path, Call, body={"operator": operator})

    async def end_call(self, call_id: int, operator: str) -> Call:
        return await self._c.call("POST", f"/v1/calls/{int(call_id)}/end", Call,
                                  body={"operator": operator})

    async def finish_call(self, call_id: int, operator: str, disposition: str) -> Call:
        return await self._c.call("POST", f"/v1/calls/{int(call_id)}/finish", Call,
                                  body={"operator": operator, "disposition": disposition})
