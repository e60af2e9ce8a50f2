"""Calls on the wire: the bodies of the queue's actions (claim, state) and of the operator's
use cases, one request each (answer, end, finish).

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from pydantic import Field

from backends.calls.models import CallState
from backends.model_base import Model


class ClaimRequest(Model):
    operator: str = Field(min_length=1, max_length=40)


class StateRequest(Model):
    state: CallState
    operator: str | None = Field(default=None, max_length=40)
    disposition: str | None = Field(default=None, max_length=30)


class OperatorRequest(Model):
    """Answer or end a call: who does it (the call and that operator's presence change
    together)."""

    operator: str = Field(min_length=1, max_length=40)


class FinishRequest(OperatorRequest):
    """The wrap-up outcome; the backend refuses a missing or unknown disposition."""

    disposition: str = Field(max_length=30)
