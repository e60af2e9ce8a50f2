"""The change feed's vocabulary: one event. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from backends.model_base import Model, utcnow


class Event(Model):
    """One entry of the change feed. Ids increase by one with no gap, store-wide."""

    id: int
    kind: str = Field(description="e.g. call.created, call.claimed, ticket.updated")
    subject: str = Field(description="what changed: 'call:12', 'ticket:7', 'customer:3'")
    at: datetime = Field(default_factory=utcnow)
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def subject_type(self) -> str:
        return self.subject.split(":", 1)[0]

    @property
    def subject_id(self) -> int | None:
        tail = self.subject.split(":", 1)[-1]
        return int(tail) if tail.isdigit() else None
