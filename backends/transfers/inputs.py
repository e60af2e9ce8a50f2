"""What asks for a transfer (a pydantic input model, imported when one is asked for, not at
start-up). The transfer itself is in backends/transfers/models.py. See
docs/ARCHITECTURE.md."""

from __future__ import annotations

from pydantic import Field

from backends.model_base import Model
from backends.transfers.models import TransferKind


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
