"""The appointments domain over HTTP: backends/appointments/api.py `Appointments`, spoken to
the server's routes_appointments. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import datetime

from backends.appointments.models import Appointment, AppointmentDraft
from backends.http import encode
from backends.http.connection import Connection


class HttpAppointments:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def book_appointment(self, draft: AppointmentDraft) -> Appointment:
        return await self._c.call("POST", "/v1/appointments", Appointment, body=draft)

    async def list_appointments(self, *, person: str | None = None,
                                booked_by: str | None = None, since: datetime | None = None,
                                until: datetime | None = None,
                                limit: int = 200) -> list[Appointment]:
        return await self._c.get("/v1/appointments", list[Appointment], encode.query(
            person=person, booked_by=booked_by,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None, limit=limit))
