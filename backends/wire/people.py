"""People on the wire: presence of operators and of directory entries.

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from pydantic import Field

from backends.models import Model, Presence


class PresenceRequest(Model):
    presence: Presence
    reason: str | None = Field(default=None, max_length=80)


class DirectoryPresenceRequest(Model):
    presence: Presence
