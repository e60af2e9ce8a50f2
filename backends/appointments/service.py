"""The appointments use cases over an `AppointmentsStorage` (docs/ARCHITECTURE.md): the rules
of backends/appointments/rules.py run here, once, for every store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from backends.appointments import rules
from backends.appointments.models import Appointment, AppointmentDraft
from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.model_base import revalidate, utcnow

if TYPE_CHECKING:
    from backends.appointments.storage import AppointmentsStorage, AppointmentsWriter


class AppointmentsService:
    """The `Appointments` interface (backends/appointments/api.py) over a storage."""

    def __init__(self, storage: AppointmentsStorage,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.storage = storage
        self.clock = clock

    async def book_appointment(self, draft: AppointmentDraft) -> Appointment:
        draft = revalidate(draft)
        start = draft.starts_at.astimezone(UTC)
        end = rules.ends_at(draft).astimezone(UTC)
        now = self.clock()
        if start < now:
            raise Invalid("starts_at", _("the slot is in the past"))
        if start - now > rules.MAX_AHEAD:
            raise Invalid("starts_at", _("an appointment is booked at most a year ahead"))

        def write(tx: AppointmentsWriter) -> Appointment:
            for other_start, other_end in tx.person_slots(draft.person, start, end):
                if rules.overlaps(start, end, other_start, other_end):
                    raise Conflict(_("{person} already has an appointment from {start} to "
                                     "{end} (UTC)").format(
                        person=draft.person, start=other_start.strftime("%Y-%m-%d %H:%M"),
                        end=other_end.strftime("%H:%M")))
            stored = tx.insert_appointment({**draft.model_dump(), "starts_at": start})
            tx.append_event("appointment.booked", f"appointment:{stored.id}", {
                "person": draft.person, "booked_by": draft.booked_by,
                "contact_id": draft.contact_id, "customer_id": draft.customer_id})
            return stored

        return await self.storage.write(write)

    async def list_appointments(self, *, person: str | None = None,
                                booked_by: str | None = None, since: datetime | None = None,
                                until: datetime | None = None,
                                limit: int = 200) -> list[Appointment]:
        return await self.storage.list_appointments(
            person=person, booked_by=booked_by, since=since, until=until,
            limit=min(max(0, int(limit)), 10_000))
