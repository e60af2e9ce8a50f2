"""The calls domain's vocabulary: channels, directions, call states and the transitions between
them, and a call (a record, backends/record.py). What creates or edits one is in
backends/calls/inputs.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, Le

from backends.checks import utcnow
from backends.record import Record


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


@dataclass(kw_only=True)
class Call(Record):
    id: int
    channel: Channel = Channel.VOICE
    direction: Direction = Direction.INBOUND
    caller: str
    customer_id: int | None = None
    queue: str = "general"
    priority: Annotated[int, Ge(0), Le(9)] = 0
    vip: bool = False
    state: CallState = CallState.WAITING
    arrived_at: datetime = field(default_factory=utcnow)
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    operator: str | None = None
    disposition: str | None = None
    notes: str = ""
    handover_note: str | None = None
    ticket_ids: list[int] = field(default_factory=list)
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CALL_STATES
