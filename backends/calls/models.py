"""The calls domain's vocabulary: channels, directions, call states and the transitions between
them, a call, what creates one and what edits one. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, field_validator

from backends.model_base import (
    MAX_LINKED_TICKETS,
    Model,
    at_most,
    none_is_empty,
    refuse_none,
    utcnow,
)


class Channel(StrEnum):
    VOICE = "voice"
    EMAIL = "email"
    CHAT = "chat"
    SMS = "sms"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallState(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    WRAP_UP = "wrap_up"
    DONE = "done"
    ABANDONED = "abandoned"
    TRANSFERRED = "transferred"


# Which state may follow which. A backend refuses anything else with Conflict.
CALL_TRANSITIONS: dict[CallState, frozenset[CallState]] = {
    CallState.WAITING: frozenset(
        {CallState.OFFERED, CallState.ACTIVE, CallState.ABANDONED, CallState.TRANSFERRED}
    ),
    CallState.OFFERED: frozenset(
        {CallState.ACTIVE, CallState.WAITING, CallState.ABANDONED, CallState.TRANSFERRED}
    ),
    CallState.ACTIVE: frozenset(
        {CallState.ON_HOLD, CallState.WRAP_UP, CallState.TRANSFERRED, CallState.WAITING}
    ),
    CallState.ON_HOLD: frozenset(
        {CallState.ACTIVE, CallState.WRAP_UP, CallState.TRANSFERRED, CallState.WAITING,
         CallState.ABANDONED}
    ),
    CallState.WRAP_UP: frozenset({CallState.DONE}),
    CallState.DONE: frozenset(),
    CallState.ABANDONED: frozenset(),
    CallState.TRANSFERRED: frozenset(),
}
OPEN_CALL_STATES = frozenset(
    {CallState.WAITING, CallState.OFFERED, CallState.ACTIVE, CallState.ON_HOLD, CallState.WRAP_UP}
)


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


class Call(Model):
    id: int
    channel: Channel = Channel.VOICE
    direction: Direction = Direction.INBOUND
    caller: str
    customer_id: int | None = None
    queue: str = "general"
    priority: int = Field(default=0, ge=0, le=9)
    vip: bool = False
    state: CallState = CallState.WAITING
    arrived_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    operator: str | None = None
    disposition: str | None = None
    notes: str = ""
    handover_note: str | None = None
    ticket_ids: list[int] = Field(default_factory=list)
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CALL_STATES


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
