"""What books an appointment, moves one or cancels one (pydantic input models, imported when
one is booked or changed, not at start-up). The appointment itself is in
backends/appointments/models.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator

from backends.appointments.models import MAX_MINUTES, aware
from backends.model_base import Model


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
