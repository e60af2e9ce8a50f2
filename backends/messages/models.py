"""The messages domain's vocabulary: a message taken for a colleague or a department who could
not take the call, its inbox state (unread, read, done) and its e-mail state (not mailed yet,
mailed): a record (backends/record.py); what takes one is in inputs.py. See
docs/ARCHITECTURE.md, "Adding a domain"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, MaxLen, MinLen

from backends.checks import utcnow
from backends.record import Record


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


@dataclass(kw_only=True)
class Message(Record):
    for_name: Annotated[str, MinLen(1), MaxLen(120)]  # operator login or directory entry name
    taken_by: Annotated[str, MinLen(1), MaxLen(40)]  # who took the message
    caller_name: Annotated[str, MaxLen(120)] = ""
    company: Annotated[str, MaxLen(120)] = ""
    number: str | None = None  # E.164; the call's when unset
    reason: Annotated[str, MaxLen(2000)] = ""
    urgency: Urgency = Urgency.NORMAL
    call_back: bool = True  # the caller asks to be called back
    call_id: Annotated[int, Ge(1)] | None = None
    id: int
    customer_id: int | None = None  # from the call: the message is in the caller's history
    created_at: datetime = field(default_factory=utcnow)
    read_at: datetime | None = None
    done_at: datetime | None = None
    done_by: str | None = None
    mail_to: str | None = None  # the recipient's address, if any
    mailed_at: datetime | None = None  # set once, when an SMTP server accepted it
    mail_attempts: int = 0
    mail_error: str | None = None  # the last failed attempt's reason
    next_mail_at: datetime | None = None  # not tried again before (a retry or a claim)
    version: int = 1

    @property
    def waiting_for_mail(self) -> bool:
        """Meant to be mailed and not mailed yet."""
        return self.mail_to is not None and self.mailed_at is None
