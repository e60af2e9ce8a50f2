"""What the appointments service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). `write(work)` is one transaction; `work` is synchronous."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.appointments.models import Appointment
from backends.people.models import Role

T = TypeVar("T")


class AppointmentsWriter(Protocol):
    def insert_appointment(self, values: dict[str, Any]) -> Appointment: ...

    def person_slots(self, person: str, since: datetime, until: datetime,
                     leave_out: int | None = None) -> list[tuple[datetime, datetime]]:
        """(start, end) of the person's booked (not cancelled) appointments that end after
        `since` and start before `until`, but appointment `leave_out`."""

    def get_appointment(self, appointment_id: int) -> Appointment:
        """NotFound when there is none."""

    def update_if_sequence(self, appointment_id: int, sequence: int,
                           values: dict[str, Any]) -> Appointment:
        """`values` stored and `sequence` bumped by one, only if it is still `sequence`
        (Conflict otherwise)."""

    def operator_facts(self, name: str) -> tuple[str, Role] | None:
        """The operator's display name and role; None when there is no such operator."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class AppointmentsStorage(Protocol):
    async def write(self, work: Callable[[AppointmentsWriter], T]) -> T: ...

    async def list_appointments(self, *, persons: tuple[str, ...] | None,
                                booked_by: str | None, since: datetime | None,
                                until: datetime | None, limit: int,
                                include_cancelled: bool) -> list[Appointment]:
        """Earliest first; with `persons`, those with any of these colleagues (names matched
        without case: one colleague may be named by login and by display name)."""

    async def operator_facts(self, name: str) -> tuple[str, Role] | None:
        """As the writer's, outside a write."""

    async def get_appointment(self, appointment_id: int) -> Appointment:
        """NotFound when there is none."""
