"""The scripts domain over HTTP: backends/scripts/api.py `Scripts`, spoken to the server's
routes_scripts. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from backends.http import encode
from backends.http.connection import Connection
from backends.scripts.inputs import ScriptAnswersDraft, ScriptLinkDraft
from backends.scripts.models import ScriptAnswers, ScriptLink


class HttpScripts:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def record_answers(self, draft: ScriptAnswersDraft) -> ScriptAnswers:
        return await self._c.call("POST", "/v1/script-answers", ScriptAnswers, body=draft)

    async def list_answers(self, *, call_id: int | None = None,
                           campaign_id: int | None = None, contact_id: int | None = None,
                           customer_id: int | None = None,
                           limit: int = 100) -> list[ScriptAnswers]:
        return await self._c.get("/v1/script-answers", list[ScriptAnswers], encode.query(
            call_id=call_id, campaign_id=campaign_id, contact_id=contact_id,
            customer_id=customer_id, limit=limit))

    async def link_script(self, draft: ScriptLinkDraft) -> ScriptLink:
        return await self._c.call("POST", "/v1/script-links", ScriptLink, body=draft)

    async def list_links(self) -> list[ScriptLink]:
        return await self._c.get("/v1/script-links", list[ScriptLink])
