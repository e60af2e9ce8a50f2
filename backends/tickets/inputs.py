"""What creates a ticket or a note and what edits a ticket (pydantic input models, imported
when one is created or edited, not at start-up). The records are in
backends/tickets/models.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator

from backends.checks import MAX_TAGS, check_tags
from backends.model_base import Model, at_most, none_is_empty, refuse_none
from backends.tickets.models import (
    EntryKind,
    TicketCategory,
    TicketPriority,
    TicketStatus,
    subject_not_blank,
)


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

    _subject = field_validator("subject")(classmethod(lambda cls, v: subject_not_blank(v)))


class TicketDraft(TicketBase):
    customer_id: int | None = None
    call_id: int | None = Field(default=None, description="the call it was opened from")
    body: str = Field(default="", max_length=100000, description="first note")
    author: str | None = Field(default=None, max_length=40)

    _tags_bound = field_validator("tags", mode="before")(at_most(MAX_TAGS))


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
