"""The server's own answers: who it is and what it can do (meta), and bulk-load counts.

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from pydantic import Field

from backends.models import Model

# The API's version, raised when a console needs routes an older server lacks. 2: the
# one-request use cases (answer, end and finish a call; save a ticket with its note).
API_VERSION = 2
# the oldest server this client works with (an older one would answer those routes 404)
MIN_SERVER_API = 2


class Meta(Model):
    api: int = 1  # what a server that predates versioning sends
    backend: str
    capabilities: list[str]
    operator: str
    role: str
    # the domains the server serves (backends/domain_registry.py); [] from servers before it
    domains: list[str] = Field(default_factory=list)


class BulkResult(Model):
    count: int
