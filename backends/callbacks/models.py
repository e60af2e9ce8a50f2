"""The callbacks domain's vocabulary: a callback booked for a customer, its scope, its state
and the history kept when it is made, rescheduled, handed over or done. See
docs/ARCHITECTURE.md.

Times are aware datetimes, stored and compared in UTC; the customer's and the operator's local
times are shown by the screens (backends/callbacks/when.py reads what the operator types).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, field_validator

from backends import phones
from backends.model_base import Model, utcnow

MAX_HISTORY = 200  # entries one callback keeps (reschedules beyond are refused)
MAX_WINDOW_MINUTES = 7 * 24 * 60
MAX_GRACE_MINUTES = 24 * 60


class CallbackScope(StrEnum):
    PERSONAL = "personal"  # only its owner is offered it (until window + grace have passed)
    ANYONE = "anyone"  # anyone working its queue


class CallbackState(StrEnum):
    OPEN = "open"  # waiting for its due time, or due
    DIALLING = "dialling"  # an operator is calling (an outbound call was placed)
    DONE = "done"  # made, with an outcome


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

    @field_validator("due_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("a due time needs its time zone (or UTC)")
        return value


class CallbackEntry(Model):
    """One line of a callback's history."""

    at: datetime
    by: str
    what: str  # booked, made, rescheduled, handed_over, done
    due_at: datetime | None = None
    note: str = ""


class Callback(CallbackDraft):
    id: int
    state: CallbackState = CallbackState.OPEN
    created_at: datetime = Field(default_factory=utcnow)
    handed_over_at: datetime | None = None
    made_by: str | None = None
    first_made_at: datetime | None = None  # the first attempt (compliance)
    outbound_call_id: int | None = None
    attempts: int = 0
    outcome: str | None = None
    done_at: datetime | None = None
    history: list[CallbackEntry] = Field(default_factory=list)
    version: int = 1

    @field_validator("number")
    @classmethod
    def _e164(cls, value: str) -> str:
        return value  # stored numbers are E.164 already


class CallbackCompletion(Model):
    operator: str = Field(min_length=1, max_length=40)
    outcome: str = Field(min_length=1, max_length=30)
    note: str = Field(default="", max_length=500)


class CallbackReschedule(Model):
    operator: str = Field(min_length=1, max_length=40)
    due_at: datetime
    window_minutes: int | None = Field(default=None, ge=1, le=MAX_WINDOW_MINUTES)
    note: str = Field(default="", max_length=500)

    @field_validator("due_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("a due time needs its time zone (or UTC)")
        return value


class ComplianceBy(StrEnum):
    OPERATOR = "operator"  # the callback's owner
    QUEUE = "queue"  # the team working the queue it was booked for


class Compliance(Model):
    """Callbacks whose window has closed (or that are done), per operator or per queue: how
    many were first attempted inside their window."""

    by: ComplianceBy = ComplianceBy.OPERATOR
    group: str  # the operator's name or the queue's
    due: int
    made_in_window: int

    @property
    def share(self) -> float | None:
        return self.made_in_window / self.due if self.due else None
