"""What a backend may be given besides its URL (a module of its own: the Backend protocol names
it in `from_url`, and backends.registry, which builds backends, imports the protocol)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict


class BackendOptions(BaseModel):
    """Everything a backend may need besides its URL; each backend reads what it uses."""

    model_config = ConfigDict(extra="forbid")

    token: str | None = None
    user: str | None = None
    password: str | None = None
    region: str = "IT"
    timeout: float = 10.0
    # where a remote backend keeps its local companion store (RT: calls, directory)
    local_store: Path | None = None
