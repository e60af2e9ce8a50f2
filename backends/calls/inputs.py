"""What creates a call and what edits one (pydantic input models, imported when a call is
created or edited, not at start-up). The call itself is in backends/calls/models.py. See
docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator

from backends.calls.models import Channel, Direction
from backends.checks import MAX_LINKED_TICKETS
from backends.model_base import Model, at_most, none_is_empty, refuse_none


class CallDraft(Model):
    channel: Channel = Channel.VOICE
    direction: Direction = Direction.INBOUND
    caller: str = Field(min_length=1, max_length=254,
                        description="E.164 for voice and sms; address or handle otherwise")
    customer_id: int | None = None
    queue: str = Field(default="general", min_length=1, max_length=60)
    priority: int = Field(default=0, ge=0, le=9, description="0 normal … 9 most urgent")
    vip: bool = False
    notes: str = Field(default="", max_length=20000)
    arrived_at: datetime | None = None
    operator: str | None = Field(default=None, min_length=1, max_length=40,
                                 description="outbound only: who dials; the call is theirs")
    offered_to: str | None = Field(
        default=None, min_length=1, max_length=40,
        description="inbound only: the one operator it rings for (offered, never in the "
                    "shared queue); nobody else can answer it (a lab's staged caller)")


class CallChanges(Model):
    customer_id: int | None = None
    queue: str | None = Field(default=None, min_length=1, max_length=60)
    priority: int | None = Field(default=None, ge=0, le=9)
    notes: str | None = Field(default=None, max_length=20000)
    disposition: str | None = Field(default=None, max_length=30)
    ticket_ids: list[int] | None = None

    _ticket_ids_bound = field_validator("ticket_ids", mode="before")(
        at_most(MAX_LINKED_TICKETS))

    _required = field_validator("queue", "priority")(classmethod(lambda cls, v: refuse_none(v)))
    _cleared_notes = field_validator("notes")(none_is_empty(str))
