"""The tickets domain's vocabulary: categories, priorities, statuses, the T-000123 reference,
a ticket and its entries (records, backends/record.py). What creates or edits them is in
backends/tickets/inputs.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, Le, MaxLen, MinLen

from backends.checks import check_tags, utcnow
from backends.record import Record, checked


class TicketCategory(StrEnum):
    INFORMATION = "information"
    TECHNICAL = "technical"
    ADMINISTRATIVE = "administrative"
    COMPLAINT = "complaint"
    ORDER = "order"
    REFUND = "refund"
    OTHER = "other"


class TicketPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TicketStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"


OPEN_TICKET_STATUSES = frozenset({TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING})


class EntryKind(StrEnum):
    NOTE = "note"
    REPLY = "reply"
    CALL_LOG = "call_log"
    SYSTEM = "system"


def ticket_ref(ticket_id: int) -> str:
    return f"T-{ticket_id:06d}"


def parse_ticket_ref(text: str) -> int | None:
    match = re.match(r"^\s*(?:T-?)?0*(\d{1,12})\s*$", text, re.IGNORECASE)
    return int(match.group(1)) if match else None


def subject_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


@dataclass(kw_only=True)
class Ticket(Record):
    subject: Annotated[str, MinLen(1), MaxLen(300)]
    category: TicketCategory = TicketCategory.INFORMATION
    priority: TicketPriority = TicketPriority.NORMAL
    status: TicketStatus = TicketStatus.NEW
    tier: Annotated[int, Ge(1), Le(3)] = 1  # escalation tier 1–3
    assignee: Annotated[str, MaxLen(40)] | None = None
    due_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    id: int
    customer_id: int | None = None
    call_ids: list[int] = field(default_factory=list)
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    version: int = 1

    def __post_init__(self) -> None:
        self.tags = checked("tags", check_tags, self.tags)
        checked("subject", subject_not_blank, self.subject)

    @property
    def ref(self) -> str:
        return ticket_ref(self.id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TICKET_STATUSES


@dataclass(kw_only=True)
class TicketEntry(Record):
    kind: EntryKind = EntryKind.NOTE
    author: Annotated[str, MaxLen(40)] | None = None
    body: Annotated[str, MinLen(1), MaxLen(100000)]
    id: int
    ticket_id: int
    created_at: datetime = field(default_factory=utcnow)
