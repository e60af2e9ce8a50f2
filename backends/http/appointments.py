"""The appointments domain over HTTP: backends/appointments/api.py `Appointments`, spoken to
the server's routes_appointments. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import datetime

from backends.appointments.inputs import AppointmentDraft, Cancel, Reschedule
from backends.appointments.models import Appointment
from backends.http import encode
from backends.http.connection import Connection


class HttpAppointments:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def book_appointment(self, draft: AppointmentDraft) -> Appointment:
        return await self._c.call("POST", "/v1/appointments", Appointment, body=draft)

    async def cancel_appointment(self, appointment_id: int, cancel: Cancel) -> Appointment:
        return await self._c.call("POST", f"/v1/appointments/{int(appointment_id)}/cancel",
                                  Appointment, body=cancel)

    async def reschedule_appointment(self, appointment_id: int,
                                     change: Reschedule) -> Appointment:
        return await self._c.call(
            "POST", f"/v1/appointments/{int(appointment_id)}/reschedule", Appointment,
            body=change)

    async def get_appointment(self, appointment_id: int) -> Appointment:
        return await self._c.get(f"/v1/appointments/{int(appointment_id)}", Appointment)

    async def list_appointments(self, *, person: str | None = None,
                                booked_by: str | None = None, since: datetime | None = None,
                                until: datetime | None = None, limit: int = 200,
                                include_cancelled: bool = False) -> list[Appointment]:
        return await self._c.get("/v1/appointments", list[Appointment], encode.query(
            person=person, booked_by=booked_by,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None, limit=limit,
            cancelled="true" if include_cancelled else None))

    async def appointments_with(self, login: str, *, since: datetime | None = None,
                                limit: int = 200,
                                include_cancelled: bool = False) -> list[Appointment]:
        return await self._c.get(
            f"/v1/appointments/with/{encode.segment(login)}", list[Appointment],
            encode.query(since=since.isoformat() if since else None, limit=limit,
                         cancelled="true" if include_cancelled else None))
