"""The change feed's vocabulary: one event, a record (backends/record.py). See
docs/ARCHITECTURE.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from typing import Any

from backends.checks import utcnow
from backends.record import Record


@dataclass(kw_only=True)
class Event(Record):
    """One entry of the change feed. Ids increase by one with no gap, store-wide."""

    id: int
    kind: str  # e.g. call.created, call.claimed, ticket.updated
    subject: str  # what changed: 'call:12', 'ticket:7', 'customer:3'
    at: datetime = field(default_factory=utcnow)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def subject_type(self) -> str:
        return self.subject.split(":", 1)[0]

    @property
    def subject_id(self) -> int | None:
        tail = self.subject.split(":", 1)[-1]
        return int(tail) if tail.isdigit() else None
