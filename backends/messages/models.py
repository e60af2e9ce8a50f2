"""The messages domain's vocabulary: a message taken for a colleague or a department who could
not take the call, its inbox state (unread, read, done) and its e-mail state (not mailed yet,
mailed). See docs/ARCHITECTURE.md, "Adding a domain"."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, field_validator

from backends.checks import check_phones, utcnow
from backends.model_base import Model


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class MessageDraft(Model):
    for_name: str = Field(min_length=1, max_length=120,
                          description="operator login or directory entry name")
    taken_by: str = Field(min_length=1, max_length=40, description="who took the message")
    caller_name: str = Field(default="", max_length=120)
    company: str = Field(default="", max_length=120)
    number: str | None = Field(default=None, description="E.164; the call's when unset")
    reason: str = Field(default="", max_length=2000)
    urgency: Urgency = Urgency.NORMAL
    call_back: bool = Field(default=True, description="the caller asks to be called back")
    call_id: int | None = Field(default=None, ge=1)

    @field_validator("number")
    @classmethod
    def _number_e164(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        return check_phones([value])[0]


class Message(MessageDraft):
    id: int
    customer_id: int | None = None  # from the call: the message is in the caller's history
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
    done_at: datetime | None = None
    done_by: str | None = None
    mail_to: str | None = Field(default=None, description="the recipient's address, if any")
    mailed_at: datetime | None = None  # set once, when an SMTP server accepted it
    mail_attempts: int = 0
    mail_error: str | None = None  # the last failed attempt's reason
    next_mail_at: datetime | None = None  # not tried again before (a retry or a claim)
    version: int = 1

    @property
    def waiting_for_mail(self) -> bool:
        """Meant to be mailed and not mailed yet."""
        return self.mail_to is not None and self.mailed_at is None
