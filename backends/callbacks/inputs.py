"""What books a callback, completes one or reschedules one (pydantic input models, imported
when one is booked or changed, not at start-up). The records are in
backends/callbacks/models.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator

from backends import phones
from backends.callbacks.models import MAX_GRACE_MINUTES, MAX_WINDOW_MINUTES, CallbackScope
from backends.model_base import Model


def aware_due(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("a due time needs its time zone (or UTC)")
    return value


class CallbackDraft(Model):
    number: str = Field(min_length=1, max_length=60, description="the number to call, E.164")
    reason: str = Field(default="", max_length=500)
    customer_id: int | None = Field(default=None, ge=1)
    ticket_id: int | None = Field(default=None, ge=1)
    call_id: int | None = Field(default=None, ge=1, description="the call it was booked on")
    due_at: datetime = Field(description="the start of the window (aware; stored in UTC)")
    window_minutes: int = Field(default=60, ge=1, le=MAX_WINDOW_MINUTES)
    grace_minutes: int = Field(default=30, ge=0, le=MAX_GRACE_MINUTES,
                               description="after the window, before personal → anyone")
    scope: CallbackScope = CallbackScope.PERSONAL
    owner: str = Field(min_length=1, max_length=40, description="who booked it and owns it")
    queue: str = Field(default="general", min_length=1, max_length=60)

    @field_validator("number")
    @classmethod
    def _e164(cls, value: str) -> str:
        return phones.normalize(value, field="number")

    _aware = field_validator("due_at")(classmethod(lambda cls, value: aware_due(value)))


class CallbackCompletion(Model):
    operator: str = Field(min_length=1, max_length=40)
    outcome: str = Field(min_length=1, max_length=30)
    note: str = Field(default="", max_length=500)


class CallbackReschedule(Model):
    operator: str = Field(min_length=1, max_length=40)
    due_at: datetime
    window_minutes: int | None = Field(default=None, ge=1, le=MAX_WINDOW_MINUTES)
    note: str = Field(default="", max_length=500)

    _aware = field_validator("due_at")(classmethod(lambda cls, value: aware_due(value)))
