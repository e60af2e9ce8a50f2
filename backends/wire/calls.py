"""Calls on the wire: the bodies of the queue's actions (claim, state).

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from pydantic import Field

from backends.models import CallState, Model


class ClaimRequest(Model):
    operator: str = Field(min_length=1, max_length=40)


class StateRequest(Model):
    state: CallState
    operator: str | None = Field(default=None, max_length=40)
    disposition: str | None = Field(default=None, max_length=30)
