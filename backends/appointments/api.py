"""The appointments use cases: book a slot with a colleague of the directory, list the
appointments of a colleague or of whoever booked them.

A domain interface outside the six typed attributes (docs/ARCHITECTURE.md): reached as
`backend.domain(APPOINTMENTS)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey

if TYPE_CHECKING:
    from datetime import datetime

    from backends.appointments.models import Appointment, AppointmentDraft


@runtime_checkable
class Appointments(Protocol):
    async def book_appointment(self, draft: AppointmentDraft) -> Appointment:
        """Stored (event `appointment.booked`) unless the colleague already has an appointment
        in that slot (Conflict) or the slot is past or more than a year ahead (Invalid,
        `starts_at`)."""

    async def list_appointments(self, *, person: str | None = None,
                                booked_by: str | None = None, since: datetime | None = None,
                                until: datetime | None = None,
                                limit: int = 200) -> list[Appointment]:
        """Earliest first, starting in [since, until) when given."""


APPOINTMENTS: DomainKey[Appointments] = DomainKey("appointments")
