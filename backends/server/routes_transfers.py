"""Transfers over HTTP: offer a call to a colleague or a directory entry, list, answer, take
back.

One router per domain (docs/ARCHITECTURE.md); it talks to the backend's `transfers`. Who
may offer a call and who may answer an offer is the transfers domain's rule, applied for every
store; here a worker may only act under their own name.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import MAX_ID, Id, Limit
from backends.server.policy import Identity
from backends.transfers.api import Transfers
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import Transfer, TransferStatus
from backends.wire.transfers import TransferAnswer, TransferCancel

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["transfers"])
TransferWorker = Annotated[Identity, guard("transfer.work")]


def transfers(request: Request) -> Transfers:
    return backend(request).transfers


@router.post("/transfers", status_code=201, response_model=Transfer)
async def create_transfer(draft: TransferDraft, request: Request,
                          who: TransferWorker) -> Response:
    who.acts_as(draft.from_operator)
    return await once(request, who, lambda: transfers(request).create_transfer(draft), 201)


@router.get("/transfers", response_model=list[Transfer])
async def list_transfers(request: Request, who: Reader,
                         target: Annotated[str | None, Query(max_length=120)] = None,
                         status: TransferStatus | None = None,
                         call_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                         limit: Limit = 50) -> Response:
    return respond(await transfers(request).list_transfers(
        target=target, status=status, call_id=call_id, limit=limit))


@router.post("/transfers/{transfer_id}/response", response_model=Transfer)
async def respond_transfer(transfer_id: Id, body: TransferAnswer, request: Request,
                           who: TransferWorker) -> Response:
    """Accept or decline; 409 when it was already answered."""
    who.acts_as(body.by)
    return await once(request, who, lambda: transfers(request).respond_transfer(
        transfer_id, body.accept, body.by))


@router.post("/transfers/{transfer_id}/cancel", response_model=Transfer)
async def cancel_transfer(transfer_id: Id, body: TransferCancel, request: Request,
                          who: TransferWorker) -> Response:
    """Take back an offer still waiting; 409 when it was answered or lapsed meanwhile."""
    who.acts_as(body.by)
    return await once(request, who, lambda: transfers(request).cancel_transfer(
        transfer_id, body.by))
