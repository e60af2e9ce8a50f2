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


class TransferDraft(Model):
    call_id: int
    from_operator: str = Field(min_length=1, max_length=40)
    target: str = Field(min_length=1, max_length=120,
                        description="operator login, directory entry name or queue name")
    kind: TransferKind = TransferKind.BLIND
    note: str = Field(default="", max_length=4000, description="handover note")
    ticket_id: int | None = None


class Transfer(TransferDraft):
    id: int
    status: TransferStatus = TransferStatus.OFFERED
    created_at: datetime = Field(default_factory=utcnow)
    responded_at: datetime | None = None
    responded_by: str | None = None
    version: int = 1
