"""The tickets domain's vocabulary: categories, priorities, statuses, the T-000123 reference,
a ticket and its entries, what creates and what edits them. See docs/ARCHITECTURE.md."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import Field, field_validator

from backends.model_base import (
    MAX_TAGS,
    Model,
    at_most,
    check_tags,
    none_is_empty,
    refuse_none,
    utcnow,
)


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


class TicketBase(Model):
    subject: str = Field(min_length=1, max_length=300)
    category: TicketCategory = TicketCategory.INFORMATION
    priority: TicketPriority = TicketPriority.NORMAL
    status: TicketStatus = TicketStatus.NEW
    tier: int = Field(default=1, ge=1, le=3, description="escalation tier 1–3")
    assignee: str | None = Field(default=None, max_length=40)
    due_at: datetime | None = None
    tags: list[str] = Field(default_factory=list)

    _tags = field_validator("tags")(classmethod(lambda cls, v: check_tags(v)))

    @field_validator("subject")
    @classmethod
    def _subject_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty")
        return value


class TicketDraft(TicketBase):
    customer_id: int | None = None
    call_id: int | None = Field(default=None, description="the call it was opened from")
    body: str = Field(default="", max_length=100000, description="first note")
    author: str | None = Field(default=None, max_length=40)

    _tags_bound = field_validator("tags", mode="before")(at_most(MAX_TAGS))


class Ticket(TicketBase):
    id: int
    customer_id: int | None = None
    call_ids: list[int] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1

    @property
    def ref(self) -> str:
        return ticket_ref(self.id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TICKET_STATUSES


class TicketChanges(Model):
    subject: str | None = Field(default=None, min_length=1, max_length=300)
    category: TicketCategory | None = None
    priority: TicketPriority | None = None
    status: TicketStatus | None = None
    tier: int | None = Field(default=None, ge=1, le=3)
    assignee: str | None = Field(default=None, max_length=40)
    due_at: datetime | None = None
    tags: list[str] | None = None
    customer_id: int | None = None

    _tags = field_validator("tags")(classmethod(lambda cls, v: None if v is None else
                                                check_tags(v)))
    _tags_bound = field_validator("tags", mode="before")(at_most(MAX_TAGS))
    _required = field_validator("subject", "category", "priority", "status", "tier")(
        classmethod(lambda cls, v: refuse_none(v)))
    _cleared_tags = field_validator("tags")(none_is_empty(list))


class TicketEntryDraft(Model):
    kind: EntryKind = EntryKind.NOTE
    author: str | None = Field(default=None, max_length=40)
    body: str = Field(min_length=1, max_length=100000)


class TicketEntry(TicketEntryDraft):
    id: int
    ticket_id: int
    created_at: datetime = Field(default_factory=utcnow)
