"""People on the wire: presence of operators and of directory entries.

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from backends.model_base import Model
from backends.people.models import Presence


class PresenceRequest(Model):
    presence: Presence
    reason: str | None = Field(default=None, max_length=80,
                               description="a pause's reason, or an away/DND note")
    back_at: datetime | None = Field(default=None, description="when away or DND ends")


class HeartbeatRequest(Model):
    every: float = Field(default=20.0, ge=0.1, le=600,
                         description="seconds within which the console speaks again")


class DirectoryPresenceRequest(Model):
    presence: Presence
    note: str | None = Field(default=None, max_length=80)
    back_at: datetime | None = None
