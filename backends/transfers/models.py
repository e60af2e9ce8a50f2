"""The transfers domain's vocabulary: a call handed to a colleague, a department or a queue,
and its answer (a record, backends/record.py). What asks for one is in
backends/transfers/inputs.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, Le, MaxLen, MinLen

from backends.checks import utcnow
from backends.record import Record


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


@dataclass(kw_only=True)
class Transfer(Record):
    call_id: int
    from_operator: Annotated[str, MinLen(1), MaxLen(40)]
    target: Annotated[str, MinLen(1), MaxLen(120)]  # operator login, entry name or queue name
    kind: TransferKind = TransferKind.BLIND
    note: Annotated[str, MaxLen(4000)] = ""  # handover note
    ticket_id: int | None = None
    # how long an announced or escalation offer waits for its answer before it is timed_out
    timeout_seconds: Annotated[int, Ge(1), Le(600)] | None = None
    id: int
    status: TransferStatus = TransferStatus.OFFERED
    created_at: datetime = field(default_factory=utcnow)
    responded_at: datetime | None = None
    responded_by: str | None = None
    expires_at: datetime | None = None  # an offer still unanswered then is timed_out
    version: int = 1
