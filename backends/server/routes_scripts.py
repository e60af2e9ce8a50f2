"""Call scripts over HTTP: store a call's answers, list them (by call, campaign, contact or
customer); link a campaign to its script, list the links.

One router per domain (docs/ARCHITECTURE.md); it talks to `backend.domain(SCRIPTS)`. Workers
store answers under their own name; any signed-in reader lists them (the contact's history on
the outbound desk). `ACTIONS` are the domain's server actions (registered in
backends/domain_registry.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.scripts.api import SCRIPTS, Scripts
from backends.scripts.inputs import ScriptAnswersDraft, ScriptLinkDraft
from backends.scripts.models import ScriptAnswers, ScriptLink
from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import MAX_ID, Limit
from backends.server.policy import WORKERS, Identity

ACTIONS = {"script.work": WORKERS}
router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["scripts"])
Worker = Annotated[Identity, guard("script.work")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def scripts(request: Request) -> Scripts:
    return backend(request).domain(SCRIPTS)


@router.post("/script-answers", status_code=201, response_model=ScriptAnswers)
async def record_answers(draft: ScriptAnswersDraft, request: Request, who: Worker) -> Response:
    who.acts_as(draft.operator)
    return await once(request, who, lambda: scripts(request).record_answers(draft), 201)


@router.get("/script-answers", response_model=list[ScriptAnswers])
async def list_answers(request: Request, who: Reader, call_id: OptionalId = None,
                       campaign_id: OptionalId = None, contact_id: OptionalId = None,
                       customer_id: OptionalId = None, limit: Limit = 100) -> Response:
    return respond(await scripts(request).list_answers(
        call_id=call_id, campaign_id=campaign_id, contact_id=contact_id,
        customer_id=customer_id, limit=limit))


@router.post("/script-links", response_model=ScriptLink)
async def link_script(draft: ScriptLinkDraft, request: Request, who: Worker) -> Response:
    who.acts_as(draft.by)  # who may change a link is the scripts domain's rule
    return await once(request, who, lambda: scripts(request).link_script(draft))


@router.get("/script-links", response_model=list[ScriptLink])
async def list_links(request: Request, who: Reader) -> Response:
    return respond(await scripts(request).list_links())
