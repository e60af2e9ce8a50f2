"""The transfers domain's vocabulary: a call handed to a colleague, a department or a queue,
and its answer. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from backends.model_base import Model, utcnow


class TransferKind(StrEnum):
    BLIND = "blind"
    WARM = "warm"
    QUEUE = "queue"
    ESCALATION = "escalation"


class TransferStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TIMED_OUT = "timed_out"
    CANCELLED = "cancelled"  # the offering operator took the offer back
    WITHDRAWN = "withdrawn"  # the call ended before the target answered


class TransferDraft(Model):
    call_id: int
    from_operator: str = Field(min_length=1, max_length=40)
    target: str = Field(min_length=1, max_length=120,
                        description="operator login, directory entry name or queue name")
    kind: TransferKind = TransferKind.BLIND
    note: str = Field(default="", max_length=4000, description="handover note")
    ticket_id: int | None = None
    timeout_seconds: int | None = Field(
        default=None, ge=1, le=600,
        description="how long an announced or escalation offer waits for its answer before it "
                    "is timed_out (the service's default when unset)")


class Transfer(TransferDraft):
    id: int
    status: TransferStatus = TransferStatus.OFFERED
    created_at: datetime = Field(default_factory=utcnow)
    responded_at: datetime | None = None
    responded_by: str | None = None
    expires_at: datetime | None = None  # an offer still unanswered then is timed_out
    version: int = 1
