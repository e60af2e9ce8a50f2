"""Optional interfaces of a store beyond the domains (docs/ARCHITECTURE.md): what the CLI's
maintenance commands may ask of a backend that has them, declared here rather than looked up by
name. `isinstance(backend, Backups)` says whether a backend can make one."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class Backups(Protocol):
    async def backup(self, target: str | Path, *, overwrite: bool = False) -> Path:
        """A consistent copy of the store at `target` while it is in use; the path written."""
