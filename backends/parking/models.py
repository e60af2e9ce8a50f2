"""The parking domain's vocabulary: a call parked in a numbered slot, who parked it and when it
comes back to them. See docs/ARCHITECTURE.md, "Adding a domain"."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from backends.checks import utcnow
from backends.model_base import Model


class ParkStatus(StrEnum):
    PARKED = "parked"
    PICKED_UP = "picked_up"
    RETURNED = "returned"  # parked too long: back in the queue of whoever parked it
    ENDED = "ended"  # the caller hung up while parked


class ParkedCall(Model):
    id: int
    slot: int = Field(ge=1)
    call_id: int
    caller: str = ""
    customer_id: int | None = None
    parked_by: str
    parked_at: datetime = Field(default_factory=utcnow)
    returns_at: datetime
    status: ParkStatus = ParkStatus.PARKED
    picked_by: str | None = None
    closed_at: datetime | None = None
    version: int = 1
