"""The appointments domain's vocabulary: a slot with a colleague of the directory (`person`,
by the directory's name), for a customer or a campaign's contact, booked by an operator.
A record (backends/record.py); what books, moves or cancels one is in inputs.py, the rules
in backends/appointments/rules.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, Le, MaxLen, MinLen

from backends.checks import utcnow
from backends.record import Record

MAX_MINUTES = 8 * 60


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"  # kept, so a calendar that imported it learns it is off


def aware(value: datetime) -> datetime:
    """A moment with its time zone (a naive one is refused: whose 10:00 would it be?)."""
    if value.tzinfo is None:
        raise ValueError("give the time with its time zone")
    return value


@dataclass(kw_only=True)
class Appointment(Record):
    person: Annotated[str, MinLen(1), MaxLen(120)]  # the colleague met, by the directory's name
    starts_at: datetime  # aware; stored in UTC
    minutes: Annotated[int, Ge(5), Le(MAX_MINUTES)] = 60
    subject: Annotated[str, MinLen(1), MaxLen(200)]
    place: Annotated[str, MaxLen(200)] = ""
    notes: Annotated[str, MaxLen(2000)] = ""
    customer_id: Annotated[int, Ge(1)] | None = None
    contact_id: Annotated[int, Ge(1)] | None = None
    campaign_id: Annotated[int, Ge(1)] | None = None
    call_id: Annotated[int, Ge(1)] | None = None
    contact_name: Annotated[str, MaxLen(200)] = ""
    contact_phone: Annotated[str, MaxLen(60)] = ""
    booked_by: Annotated[str, MinLen(1), MaxLen(40)]
    id: int
    created_at: datetime = field(default_factory=utcnow)
    status: AppointmentStatus = AppointmentStatus.BOOKED
    # bumped by each reschedule and by the cancel: iCalendar's SEQUENCE, so a calendar program
    # takes the newer copy; also the version a change is conditional on
    sequence: Annotated[int, Ge(0)] = 0
    updated_at: datetime | None = None
    cancelled_by: Annotated[str, MaxLen(40)] | None = None
    cancel_reason: Annotated[str, MaxLen(500)] = ""

    def __post_init__(self) -> None:
        from backends.record import checked

        self.starts_at = checked("starts_at", aware, self.starts_at)
