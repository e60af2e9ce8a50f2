"""Appointments over HTTP: book one, cancel or move it, list them (by colleague or by who
booked them, in a time range; the signed-in colleague's own).

One router per domain (docs/ARCHITECTURE.md); it talks to `backend.domain(APPOINTMENTS)`.
Workers book, cancel and move under their own name (who may change which appointment is the
domain's rule); any signed-in reader lists them (each colleague sees their own calendar).
`ACTIONS` are the domain's server actions (registered in backends/domain_registry.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from backends.appointments.api import APPOINTMENTS, Appointments
from backends.appointments.inputs import AppointmentDraft, Cancel, Reschedule
from backends.appointments.models import Appointment
from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import Id, Limit
from backends.server.policy import WORKERS, Identity

ACTIONS = {"appointment.book": WORKERS, "appointment.change": WORKERS}
router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["appointments"])
Worker = Annotated[Identity, guard("appointment.book")]
Changer = Annotated[Identity, guard("appointment.change")]
Name = Annotated[str | None, Query(min_length=1, max_length=120)]


def appointments(request: Request) -> Appointments:
    return backend(request).domain(APPOINTMENTS)


@router.post("/appointments", status_code=201, response_model=Appointment)
async def book_appointment(draft: AppointmentDraft, request: Request,
                           who: Worker) -> Response:
    who.acts_as(draft.booked_by)
    return await once(request, who, lambda: appointments(request).book_appointment(draft),
                      201)


@router.post("/appointments/{appointment_id}/cancel", response_model=Appointment)
async def cancel_appointment(appointment_id: Id, body: Cancel, request: Request,
                             who: Changer) -> Response:
    who.acts_as(body.by)
    return await once(request, who, lambda: appointments(request).cancel_appointment(
        appointment_id, body))


@router.post("/appointments/{appointment_id}/reschedule", response_model=Appointment)
async def reschedule_appointment(appointment_id: Id, body: Reschedule, request: Request,
                                 who: Changer) -> Response:
    who.acts_as(body.by)
    return await once(request, who, lambda: appointments(request).reschedule_appointment(
        appointment_id, body))


@router.get("/appointments", response_model=list[Appointment])
async def list_appointments(request: Request, who: Reader, person: Name = None,
                            booked_by: Name = None, since: datetime | None = None,
                            until: datetime | None = None, limit: Limit = 200,
                            cancelled: bool = False) -> Response:
    return respond(await appointments(request).list_appointments(
        person=person, booked_by=booked_by, since=since, until=until, limit=limit,
        include_cancelled=cancelled))


@router.get("/appointments/with/{login}", response_model=list[Appointment])
async def appointments_with(login: Annotated[str, Path(min_length=1, max_length=40)],
                            request: Request, who: Reader, since: datetime | None = None,
                            limit: Limit = 200, cancelled: bool = False) -> Response:
    return respond(await appointments(request).appointments_with(
        login, since=since, limit=limit, include_cancelled=cancelled))


@router.get("/appointments/{appointment_id}", response_model=Appointment)
async def get_appointment(appointment_id: Id, request: Request, who: Reader) -> Response:
    return respond(await appointments(request).get_appointment(appointment_id))
