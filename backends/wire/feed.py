"""The change feed on the wire: the newest event id (events themselves are the domain's
Event model, as JSON pages or server-sent events).

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from backends.model_base import Model


class LastEventId(Model):
    id: int
