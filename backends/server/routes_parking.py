"""Parking over HTTP: park a call, list the parked calls, pick one up. One router per domain
(docs/ARCHITECTURE.md), registered in backends/domain_registry.py with its actions; it talks
to `backend.domain(PARKING)`. Who may park a call is the parking domain's rule; here a worker
may only act under their own name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from backends.parking.api import PARKING, Parking
from backends.parking.models import ParkedCall
from backends.people.models import Role
from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import Id
from backends.server.policy import Identity
from backends.wire.parking import ParkRequest, PickUpRequest

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["parking"])
ParkingWorker = Annotated[Identity, guard("parking.work")]
Slot = Annotated[int, Path(ge=1, le=99)]

ACTIONS = {"parking.work": frozenset({Role.OPERATOR, Role.RECEPTIONIST, Role.SUPERVISOR,
                                      Role.ADMIN})}


def parking(request: Request) -> Parking:
    return backend(request).domain(PARKING)


@router.post("/parking", status_code=201, response_model=ParkedCall)
async def park_call(body: ParkRequest, request: Request, who: ParkingWorker) -> Response:
    who.acts_as(body.by)
    return await once(request, who, lambda: parking(request).park_call(
        body.call_id, body.by, slot=body.slot, return_after=body.return_after), 201)


@router.get("/parking", response_model=list[ParkedCall])
async def list_parked(request: Request, who: Reader) -> Response:
    return respond(await parking(request).list_parked())


@router.get("/parking/records/{parked_id}", response_model=ParkedCall)
async def get_parked(parked_id: Id, request: Request, who: Reader) -> Response:
    return respond(await parking(request).get_parked(parked_id))


@router.post("/parking/{slot}/pickup", response_model=ParkedCall)
async def pick_up(slot: Slot, body: PickUpRequest, request: Request,
                  who: ParkingWorker) -> Response:
    who.acts_as(body.by)
    return await once(request, who, lambda: parking(request).pick_up(slot, body.by))
