"""The callbacks domain's vocabulary: a callback booked for a customer, its scope, its state
and the history kept when it is made, rescheduled, handed over or done (records,
backends/record.py). What books, completes or reschedules one is in
backends/callbacks/inputs.py. See docs/ARCHITECTURE.md.

Times are aware datetimes, stored and compared in UTC; the customer's and the operator's local
times are shown by the screens (backends/callbacks/when.py reads what the operator types).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, Le, MaxLen, MinLen

from backends.checks import utcnow
from backends.record import Record

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


@dataclass(kw_only=True)
class CallbackEntry(Record):
    """One line of a callback's history."""

    at: datetime
    by: str
    what: str  # booked, made, rescheduled, handed_over, done
    due_at: datetime | None = None
    note: str = ""


@dataclass(kw_only=True)
class Callback(Record):
    number: Annotated[str, MinLen(1), MaxLen(60)]  # the number to call, E.164
    reason: Annotated[str, MaxLen(500)] = ""
    customer_id: Annotated[int, Ge(1)] | None = None
    ticket_id: Annotated[int, Ge(1)] | None = None
    call_id: Annotated[int, Ge(1)] | None = None  # the call it was booked on
    due_at: datetime  # the start of the window (aware; stored in UTC)
    window_minutes: Annotated[int, Ge(1), Le(MAX_WINDOW_MINUTES)] = 60
    # after the window, before personal → anyone
    grace_minutes: Annotated[int, Ge(0), Le(MAX_GRACE_MINUTES)] = 30
    scope: CallbackScope = CallbackScope.PERSONAL
    owner: Annotated[str, MinLen(1), MaxLen(40)]  # who booked it and owns it
    queue: Annotated[str, MinLen(1), MaxLen(60)] = "general"
    id: int
    state: CallbackState = CallbackState.OPEN
    created_at: datetime = field(default_factory=utcnow)
    handed_over_at: datetime | None = None
    made_by: str | None = None
    first_made_at: datetime | None = None  # the first attempt (compliance)
    outbound_call_id: int | None = None
    attempts: int = 0
    outcome: str | None = None
    done_at: datetime | None = None
    history: list[CallbackEntry] = field(default_factory=list)
    version: int = 1


class ComplianceBy(StrEnum):
    OPERATOR = "operator"  # the callback's owner
    QUEUE = "queue"  # the team working the queue it was booked for


@dataclass(kw_only=True)
class Compliance(Record):
    """Callbacks whose window has closed (or that are done), per operator or per queue: how
    many were first attempted inside their window."""

    by: ComplianceBy = ComplianceBy.OPERATOR
    group: str  # the operator's name or the queue's
    due: int
    made_in_window: int

    @property
    def share(self) -> float | None:
        return self.made_in_window / self.due if self.due else None
