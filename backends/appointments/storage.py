"""What the appointments service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). `write(work)` is one transaction; `work` is synchronous."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.appointments.models import Appointment

T = TypeVar("T")


class AppointmentsWriter(Protocol):
    def insert_appointment(self, values: dict[str, Any]) -> Appointment: ...

    def person_slots(self, person: str, since: datetime,
                     until: datetime) -> list[tuple[datetime, datetime]]:
        """(start, end) of the person's appointments that end after `since` and start
        before `until`."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class AppointmentsStorage(Protocol):
    async def write(self, work: Callable[[AppointmentsWriter], T]) -> T: ...

    async def list_appointments(self, *, person: str | None, booked_by: str | None,
                                since: datetime | None, until: datetime | None,
                                limit: int) -> list[Appointment]:
        """Earliest first."""
