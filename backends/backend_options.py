"""What a backend may be given besides its URL (a module of its own: the Backend protocol names
it in `from_url`, and backends.registry, which builds backends, imports the protocol).

A frozen dataclass, not a pydantic model: it is built at every start of the console, where
building a model's validator costs start-up time (docs/ARCHITECTURE.md, "Known debts"). An
unknown option is a TypeError naming it, as for any call with an unexpected keyword."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class BackendOptions:
    """Everything a backend may need besides its URL; each backend reads what it uses."""

    token: str | None = None
    user: str | None = None
    password: str | None = None
    region: str = "IT"
    timeout: float = 10.0
    # where a remote backend keeps its local companion store (RT: calls, directory)
    local_store: Path | None = None

    def __post_init__(self) -> None:
        # the conversions the settings rely on: a path from text, seconds from an int
        if isinstance(self.local_store, str):
            object.__setattr__(self, "local_store", Path(self.local_store))
        object.__setattr__(self, "timeout", float(self.timeout))
