"""What takes a message (a pydantic input model, imported when one is taken, not at
start-up). The message itself is in backends/messages/models.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from pydantic import Field, field_validator

from backends.checks import check_phones
from backends.messages.models import Urgency
from backends.model_base import Model


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
