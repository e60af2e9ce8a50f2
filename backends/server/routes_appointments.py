"""Appointments over HTTP: book one, list them (by colleague or by who booked them, in a time
range).

One router per domain (docs/ARCHITECTURE.md); it talks to `backend.domain(APPOINTMENTS)`.
Workers book under their own name; any signed-in reader lists them (each colleague sees their
own calendar). `ACTIONS` are the domain's server actions (registered in
backends/domain_registry.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.appointments.api import APPOINTMENTS, Appointments
from backends.appointments.models import Appointment, AppointmentDraft
from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import Limit
from backends.server.policy import WORKERS, Identity

ACTIONS = {"appointment.book": WORKERS}
router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["appointments"])
Worker = Annotated[Identity, guard("appointment.book")]
Name = Annotated[str | None, Query(min_length=1, max_length=120)]


def appointments(request: Request) -> Appointments:
    return backend(request).domain(APPOINTMENTS)


@router.post("/appointments", status_code=201, response_model=Appointment)
async def book_appointment(draft: AppointmentDraft, request: Request,
                           who: Worker) -> Response:
    who.acts_as(draft.booked_by)
    return await once(request, who, lambda: appointments(request).book_appointment(draft),
                      201)


@router.get("/appointments", response_model=list[Appointment])
async def list_appointments(request: Request, who: Reader, person: Name = None,
                            booked_by: Name = None, since: datetime | None = None,
                            until: datetime | None = None, limit: Limit = 200) -> Response:
    return respond(await appointments(request).list_appointments(
        person=person, booked_by=booked_by, since=since, until=until, limit=limit))
