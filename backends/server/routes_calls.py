"""Calls and the queue over HTTP: create, list, claim (409 when lost), state, edit.

One router per domain (docs/ARCHITECTURE.md); it talks to the backend's `calls`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.calls.api import Calls
from backends.calls.inputs import CallChanges, CallDraft
from backends.calls.models import Call, CallState, Direction
from backends.errors import Forbidden
from backends.i18n import _
from backends.server.deps import Reader, backend, guard, once, respond, versioned
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import MAX_ID, Id, Limit
from backends.server.policy import ALLOWED, Identity
from backends.wire.calls import ClaimRequest, FinishRequest, OperatorRequest, StateRequest

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["calls"])
CallWorker = Annotated[Identity, guard("call.work")]


def calls(request: Request) -> Calls:
    return backend(request).calls


async def _must_hold(request: Request, who: Identity, call_id: int) -> None:
    """A worker may change only a call nobody holds or that they hold themselves."""
    if who.manages:
        return
    call = await calls(request).get_call(call_id)
    if call.operator is not None and call.operator != who.operator:
        raise Forbidden(_("call {id} is handled by '{other}', not by you").format(
            id=call_id, other=call.operator))


def _check_queue_order(who: Identity, draft: CallDraft) -> None:
    """Priority, VIP and arrival time put a call ahead of others: only for roles that run or
    feed the queue (the store still marks VIP customers by their tag)."""
    chosen = [name for name, value in (("priority", draft.priority != 0), ("vip", draft.vip),
                                       ("arrived_at", draft.arrived_at is not None)) if value]
    if chosen and who.role not in ALLOWED["call.order"]:
        raise Forbidden(_("the {role} role may not set {fields} of a call").format(
            role=who.role.value, fields=", ".join(chosen)))


@router.post("/calls", status_code=201, response_model=Call)
async def create_call(draft: CallDraft, request: Request, who: Reader) -> Response:
    """Inbound calls join the queue, or ring for the one operator they are offered to (an
    operator may offer one to themselves only); an outbound call is its dialler's at once (the
    caller's own name unless a supervisor or admin names another)."""
    if draft.direction is Direction.OUTBOUND:
        who.check("call.create_outbound")
        if draft.operator is None:
            draft = draft.model_copy(update={"operator": who.operator})
        who.acts_as(draft.operator)
    elif draft.offered_to is not None and draft.offered_to == who.operator:
        who.check("call.create_offered")
    else:
        who.check("call.create")
        who.acts_as(draft.offered_to)
    _check_queue_order(who, draft)
    return await once(request, who, lambda: calls(request).create_call(draft), 201,
                      lambda c: f"/v1/calls/{c.id}")


@router.get("/calls", response_model=list[Call])
async def list_calls(request: Request, who: Reader,
                     state: Annotated[list[CallState] | None, Query()] = None,
                     customer_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                     operator: Annotated[str | None, Query(max_length=40)] = None,
                     limit: Limit = 100) -> Response:
    return respond(await calls(request).list_calls(
        states=state or None, customer_id=customer_id, operator=operator, limit=limit))


@router.get("/calls/{call_id}", response_model=Call)
async def get_call(call_id: Id, request: Request, who: Reader) -> Response:
    return respond(await calls(request).get_call(call_id))


@router.patch("/calls/{call_id}", response_model=Call)
async def update_call(call_id: Id, changes: CallChanges, request: Request,
                      who: CallWorker) -> Response:
    if changes.priority is not None:
        who.check("call.order")  # a waiting call nobody holds would jump the queue
    await _must_hold(request, who, call_id)
    store = calls(request)
    return await once(request, who, lambda: versioned(
        request, lambda v: store.update_call(call_id, v, changes),
        lambda: store.get_call(call_id)))


@router.post("/calls/{call_id}/claim", response_model=Call)
async def claim_call(call_id: Id, body: ClaimRequest, request: Request,
                     who: CallWorker) -> Response:
    who.acts_as(body.operator)
    return await once(request, who, lambda: calls(request).claim_call(call_id, body.operator))


@router.post("/queue/claim", response_model=Call)
async def claim_next(body: ClaimRequest, request: Request, who: CallWorker) -> Response:
    """Answer the head of the queue; 404 when it is empty, 409 when somebody was faster."""
    who.acts_as(body.operator)
    return await once(request, who, lambda: calls(request).claim_call(None, body.operator))


@router.post("/calls/{call_id}/state", response_model=Call)
async def set_call_state(call_id: Id, body: StateRequest, request: Request,
                         who: CallWorker) -> Response:
    who.acts_as(body.operator)
    await _must_hold(request, who, call_id)
    return await once(request, who, lambda: calls(request).set_call_state(
        call_id, body.state, operator=body.operator, disposition=body.disposition))


# -- the operator's use cases: each one request and one operation (the call and the operator's
#    presence change together), with the checks of the requests they replace
@router.post("/calls/{call_id}/answer", response_model=Call)
async def answer_call(call_id: Id, body: OperatorRequest, request: Request,
                      who: CallWorker) -> Response:
    """Claim the call and put the operator on a call; 409 when somebody was faster."""
    who.acts_as(body.operator)
    return await once(request, who, lambda: calls(request).answer_call(call_id, body.operator))


@router.post("/queue/answer", response_model=Call)
async def answer_next(body: OperatorRequest, request: Request,
                      who: CallWorker) -> Response:
    """Answer the head of the queue; 404 when it is empty, 409 when somebody was faster."""
    who.acts_as(body.operator)
    return await once(request, who, lambda: calls(request).answer_call(None, body.operator))


@router.post("/calls/{call_id}/end", response_model=Call)
async def end_call(call_id: Id, body: OperatorRequest, request: Request,
                   who: CallWorker) -> Response:
    """An active or held call to wrap-up, and the operator in wrap-up."""
    who.acts_as(body.operator)
    await _must_hold(request, who, call_id)
    return await once(request, who, lambda: calls(request).end_call(call_id, body.operator))


@router.post("/calls/{call_id}/finish", response_model=Call)
async def finish_call(call_id: Id, body: FinishRequest, request: Request,
                      who: CallWorker) -> Response:
    """The wrap-up outcome (a transferred call only records it), and the operator available."""
    who.acts_as(body.operator)
    await _must_hold(request, who, call_id)
    return await once(request, who, lambda: calls(request).finish_call(
        call_id, body.operator, body.disposition))
