"""Callbacks over HTTP: book, list, due, make, complete, reschedule, hand over, compliance.

One router per domain (docs/ARCHITECTURE.md); it talks to `backend.domain(CALLBACKS)`. Who may
make, complete or reschedule a callback is the callbacks domain's rule, applied for every
store; here a worker acts only under their own name, and only supervisors and admins list
another operator's callbacks or read compliance (operators see a customer's or a ticket's).
`ACTIONS` are the domain's server actions (registered in backends/domain_registry.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.callbacks.api import CALLBACKS, Callbacks
from backends.callbacks.inputs import CallbackCompletion, CallbackDraft, CallbackReschedule
from backends.callbacks.models import Callback, CallbackState, Compliance, ComplianceBy
from backends.server.deps import backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import MAX_ID, Id, Limit
from backends.server.policy import MANAGERS, WORKERS, Identity
from backends.wire.callbacks import CallbackMaker

ACTIONS = {"callback.work": WORKERS, "callback.supervise": MANAGERS}
router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["callbacks"])
Worker = Annotated[Identity, guard("callback.work")]
Supervisor = Annotated[Identity, guard("callback.supervise")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def callbacks(request: Request) -> Callbacks:
    return backend(request).domain(CALLBACKS)


@router.post("/callbacks", status_code=201, response_model=Callback)
async def book_callback(draft: CallbackDraft, request: Request, who: Worker) -> Response:
    who.acts_as(draft.owner, "owner")
    return await once(request, who, lambda: callbacks(request).book_callback(draft), 201)


@router.get("/callbacks", response_model=list[Callback])
async def list_callbacks(request: Request, who: Worker,
                         owner: Annotated[str | None, Query(max_length=40)] = None,
                         state: Annotated[list[CallbackState] | None, Query()] = None,
                         customer_id: OptionalId = None, ticket_id: OptionalId = None,
                         limit: Limit = 100) -> Response:
    """Operators list their own, or a customer's or a ticket's; supervisors anyone's."""
    if customer_id is None and ticket_id is None:
        if owner is None and not who.manages:
            owner = who.operator
        who.acts_as(owner, "owner")
    return respond(await callbacks(request).list_callbacks(
        owner=owner, states=state, customer_id=customer_id, ticket_id=ticket_id, limit=limit))


@router.get("/callbacks/due", response_model=list[Callback])
async def list_due(request: Request, who: Worker,
                   operator: Annotated[str, Query(min_length=1, max_length=40)],
                   limit: Limit = 50) -> Response:
    who.acts_as(operator)
    return respond(await callbacks(request).list_due(operator, limit=limit))


@router.get("/callbacks/compliance", response_model=list[Compliance])
async def compliance(request: Request, who: Supervisor, since: datetime | None = None,
                     until: datetime | None = None,
                     by: ComplianceBy = ComplianceBy.OPERATOR) -> Response:
    return respond(await callbacks(request).compliance(since=since, until=until, by=by))


@router.post("/callbacks/hand-over", response_model=list[Callback])
async def hand_over(request: Request, who: Worker) -> Response:
    """Personal callbacks past window + grace become anyone's (safe to repeat)."""
    return respond(await callbacks(request).hand_over_overdue())


@router.get("/callbacks/{callback_id}", response_model=Callback)
async def get_callback(callback_id: Id, request: Request, who: Worker) -> Response:
    return respond(await callbacks(request).get_callback(callback_id))


@router.post("/callbacks/{callback_id}/make", response_model=Callback)
async def make_callback(callback_id: Id, body: CallbackMaker, request: Request,
                        who: Worker) -> Response:
    who.acts_as(body.operator)
    return await once(request, who, lambda: callbacks(request).make_callback(
        callback_id, body.operator))


@router.post("/callbacks/{callback_id}/completion", response_model=Callback)
async def complete_callback(callback_id: Id, body: CallbackCompletion, request: Request,
                            who: Worker) -> Response:
    who.acts_as(body.operator)
    return await once(request, who, lambda: callbacks(request).complete_callback(
        callback_id, body))


@router.post("/callbacks/{callback_id}/schedule", response_model=Callback)
async def reschedule_callback(callback_id: Id, body: CallbackReschedule, request: Request,
                              who: Worker) -> Response:
    who.acts_as(body.operator)
    return await once(request, who, lambda: callbacks(request).reschedule_callback(
        callback_id, body))



