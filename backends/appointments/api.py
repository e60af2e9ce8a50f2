"""The appointments use cases: book a slot with a colleague of the directory, cancel it or
move it, list the appointments of a colleague or of whoever booked them.

A domain interface outside the six typed attributes (docs/ARCHITECTURE.md): reached as
`backend.domain(APPOINTMENTS)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey

if TYPE_CHECKING:
    from datetime import datetime

    from backends.appointments.inputs import AppointmentDraft, Cancel, Reschedule
    from backends.appointments.models import Appointment


@runtime_checkable
class Appointments(Protocol):
    async def book_appointment(self, draft: AppointmentDraft) -> Appointment:
        """Stored (event `appointment.booked`) unless the colleague already has an appointment
        in that slot (Conflict) or the slot is past or more than a year ahead (Invalid,
        `starts_at`)."""

    async def cancel_appointment(self, appointment_id: int, cancel: Cancel) -> Appointment:
        """Cancelled, kept with its sequence bumped (event `appointment.cancelled`); by who
        booked it, the colleague met, a supervisor or an admin (else Forbidden); NotFound;
        Conflict when already cancelled or changed meanwhile."""

    async def reschedule_appointment(self, appointment_id: int,
                                     change: Reschedule) -> Appointment:
        """Moved to `change.starts_at` (and `minutes` when given), sequence bumped (event
        `appointment.rescheduled`); the same people and refusals as a cancel, plus a booking's:
        Conflict when the colleague is taken then, Invalid for a past slot."""

    async def get_appointment(self, appointment_id: int) -> Appointment: ...

    async def list_appointments(self, *, person: str | None = None,
                                booked_by: str | None = None, since: datetime | None = None,
                                until: datetime | None = None, limit: int = 200,
                                include_cancelled: bool = False) -> list[Appointment]:
        """Earliest first, starting in [since, until) when given; the colleague's name matched
        without case; cancelled ones only when asked (a calendar export carries them)."""

    async def appointments_with(self, login: str, *, since: datetime | None = None,
                                limit: int = 200,
                                include_cancelled: bool = False) -> list[Appointment]:
        """The appointments of the colleague signed in as `login`: booked with their login
        or their display name (the directory's name for them), earliest first."""


APPOINTMENTS: DomainKey[Appointments] = DomainKey("appointments")
