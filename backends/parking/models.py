"""The parking domain's vocabulary: a call parked in a numbered slot, who parked it and when it
comes back to them (a record, backends/record.py). See docs/ARCHITECTURE.md, "Adding a
domain"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge

from backends.checks import utcnow
from backends.record import Record


class ParkStatus(StrEnum):
    PARKED = "parked"
    PICKED_UP = "picked_up"
    RETURNED = "returned"  # parked too long: back in the queue of whoever parked it
    ENDED = "ended"  # the caller hung up while parked


@dataclass(kw_only=True)
class ParkedCall(Record):
    id: int
    slot: Annotated[int, Ge(1)]
    call_id: int
    caller: str = ""
    customer_id: int | None = None
    parked_by: str
    parked_at: datetime = field(default_factory=utcnow)
    returns_at: datetime
    status: ParkStatus = ParkStatus.PARKED
    picked_by: str | None = None
    closed_at: datetime | None = None
    version: int = 1
