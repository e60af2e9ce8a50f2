"""The appointments use cases over an `AppointmentsStorage` (docs/ARCHITECTURE.md): the rules
of backends/appointments/rules.py run here, once, for every store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from backends.appointments import rules
from backends.appointments.models import Appointment, AppointmentStatus
from backends.checks import utcnow
from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.revalidation import revalidate

if TYPE_CHECKING:
    from backends.appointments.inputs import AppointmentDraft, Cancel, Reschedule
    from backends.appointments.storage import AppointmentsStorage, AppointmentsWriter


class AppointmentsService:
    """The `Appointments` interface (backends/appointments/api.py) over a storage."""

    def __init__(self, storage: AppointmentsStorage,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.storage = storage
        self.clock = clock

    def _check_slot(self, start: datetime) -> None:
        now = self.clock()
        if start < now:
            raise Invalid("starts_at", _("the slot is in the past"))
        if start - now > rules.MAX_AHEAD:
            raise Invalid("starts_at", _("an appointment is booked at most a year ahead"))

    @staticmethod
    def _check_free(tx: AppointmentsWriter, person: str, start: datetime, end: datetime,
                    leave_out: int | None = None) -> None:
        for other_start, other_end in tx.person_slots(person, start, end, leave_out):
            if rules.overlaps(start, end, other_start, other_end):
                raise Conflict(_("{person} already has an appointment from {start} to "
                                 "{end} (UTC)").format(
                    person=person, start=other_start.strftime("%Y-%m-%d %H:%M"),
                    end=other_end.strftime("%H:%M")))

    async def book_appointment(self, draft: AppointmentDraft) -> Appointment:
        draft = revalidate(draft)
        start = draft.starts_at.astimezone(UTC)
        end = rules.ends_at(draft).astimezone(UTC)
        self._check_slot(start)

        def write(tx: AppointmentsWriter) -> Appointment:
            self._check_free(tx, draft.person, start, end)
            stored = tx.insert_appointment({**draft.model_dump(), "starts_at": start})
            tx.append_event("appointment.booked", f"appointment:{stored.id}", {
                "person": draft.person, "booked_by": draft.booked_by,
                "contact_id": draft.contact_id, "customer_id": draft.customer_id,
                "starts_at": start.isoformat()})
            return stored

        return await self.storage.write(write)

    @staticmethod
    def _may_change(tx: AppointmentsWriter, appointment_id: int, by: str) -> Appointment:
        found = tx.get_appointment(appointment_id)
        facts = tx.operator_facts(by)
        display, role = facts if facts is not None else ("", None)
        rules.check_may_change(found, by, display, role)
        return found

    async def cancel_appointment(self, appointment_id: int, cancel: Cancel) -> Appointment:
        cancel = revalidate(cancel)

        def write(tx: AppointmentsWriter) -> Appointment:
            found = self._may_change(tx, appointment_id, cancel.by)
            changed = tx.update_if_sequence(found.id, found.sequence, {
                "status": AppointmentStatus.CANCELLED.value, "cancelled_by": cancel.by,
                "cancel_reason": cancel.reason})
            tx.append_event("appointment.cancelled", f"appointment:{found.id}", {
                "person": found.person, "booked_by": found.booked_by, "by": cancel.by,
                "starts_at": found.starts_at.isoformat()})
            return changed

        return await self.storage.write(write)

    async def reschedule_appointment(self, appointment_id: int,
                                     change: Reschedule) -> Appointment:
        change = revalidate(change)
        start = change.starts_at.astimezone(UTC)
        self._check_slot(start)

        def write(tx: AppointmentsWriter) -> Appointment:
            found = self._may_change(tx, appointment_id, change.by)
            minutes = change.minutes or found.minutes
            end = start + timedelta(minutes=minutes)
            self._check_free(tx, found.person, start, end, leave_out=found.id)
            changed = tx.update_if_sequence(found.id, found.sequence, {
                "starts_at": start, "minutes": minutes})
            tx.append_event("appointment.rescheduled", f"appointment:{found.id}", {
                "person": found.person, "booked_by": found.booked_by, "by": change.by,
                "was": found.starts_at.isoformat(), "starts_at": start.isoformat()})
            return changed

        return await self.storage.write(write)

    async def get_appointment(self, appointment_id: int) -> Appointment:
        return await self.storage.get_appointment(appointment_id)

    async def list_appointments(self, *, person: str | None = None,
                                booked_by: str | None = None, since: datetime | None = None,
                                until: datetime | None = None, limit: int = 200,
                                include_cancelled: bool = False) -> list[Appointment]:
        return await self.storage.list_appointments(
            persons=None if person is None else (person,), booked_by=booked_by, since=since,
            until=until, limit=_bounded(limit), include_cancelled=include_cancelled)

    async def appointments_with(self, login: str, *, since: datetime | None = None,
                                limit: int = 200,
                                include_cancelled: bool = False) -> list[Appointment]:
        facts = await self.storage.operator_facts(login)
        names = (login,) if facts is None or not facts[0] else (login, facts[0])
        return await self.storage.list_appointments(
            persons=names, booked_by=None, since=since, until=None, limit=_bounded(limit),
            include_cancelled=include_cancelled)


def _bounded(limit: int) -> int:
    return min(max(0, int(limit)), 10_000)
