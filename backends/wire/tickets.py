"""Tickets on the wire: the bodies that have no model in the tickets domain.

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md); searches use
backends.wire.search.
"""

from __future__ import annotations

from pydantic import Field

from backends.models import Model


class EscalateRequest(Model):
    author: str = Field(min_length=1, max_length=40)
    reason: str = Field(default="", max_length=4000)
