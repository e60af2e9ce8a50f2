"""The appointments domain's vocabulary: a slot with a colleague of the directory (`person`,
by the directory's name), for a customer or a campaign's contact, booked by an operator.
The rules are in backends/appointments/rules.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, field_validator

from backends.checks import utcnow
from backends.model_base import Model

MAX_MINUTES = 8 * 60


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"  # kept, so a calendar that imported it learns it is off


def aware(value: datetime) -> datetime:
    """A moment with its time zone (a naive one is refused: whose 10:00 would it be?)."""
    if value.tzinfo is None:
        raise ValueError("give the time with its time zone")
    return value


class AppointmentDraft(Model):
    person: str = Field(min_length=1, max_length=120, description=(
        "the colleague met, by the directory's name"))
    starts_at: datetime = Field(description="aware; stored in UTC")
    minutes: int = Field(default=60, ge=5, le=MAX_MINUTES)
    subject: str = Field(min_length=1, max_length=200)
    place: str = Field(default="", max_length=200)
    notes: str = Field(default="", max_length=2000)
    customer_id: int | None = Field(default=None, ge=1)
    contact_id: int | None = Field(default=None, ge=1)
    campaign_id: int | None = Field(default=None, ge=1)
    call_id: int | None = Field(default=None, ge=1)
    contact_name: str = Field(default="", max_length=200)
    contact_phone: str = Field(default="", max_length=60)
    booked_by: str = Field(min_length=1, max_length=40)

    _aware = field_validator("starts_at")(classmethod(lambda cls, value: aware(value)))


class Appointment(AppointmentDraft):
    id: int
    created_at: datetime = Field(default_factory=utcnow)
    status: AppointmentStatus = AppointmentStatus.BOOKED
    # bumped by each reschedule and by the cancel: iCalendar's SEQUENCE, so a calendar program
    # takes the newer copy; also the version a change is conditional on
    sequence: int = Field(default=0, ge=0)
    updated_at: datetime | None = None
    cancelled_by: str | None = Field(default=None, max_length=40)
    cancel_reason: str = Field(default="", max_length=500)


class Reschedule(Model):
    """A new time (and optionally length) for an appointment, asked by `by`."""

    by: str = Field(min_length=1, max_length=40)
    starts_at: datetime = Field(description="aware; stored in UTC")
    minutes: int | None = Field(default=None, ge=5, le=MAX_MINUTES)

    _aware = field_validator("starts_at")(classmethod(lambda cls, value: aware(value)))


class Cancel(Model):
    """Calling an appointment off, asked by `by`, with a reason a person may give."""

    by: str = Field(min_length=1, max_length=40)
    reason: str = Field(default="", max_length=500)
