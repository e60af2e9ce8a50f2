"""The server's own answers: who it is and what it can do (meta), and bulk-load counts.

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from backends.models import Model


class Meta(Model):
    api: int = 1
    backend: str
    capabilities: list[str]
    operator: str
    role: str


class BulkResult(Model):
    count: int
