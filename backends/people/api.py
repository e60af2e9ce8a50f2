"""The people use cases: operators and their presence, the directory, dispositions.

One of the domain interfaces a backend provides (docs/ARCHITECTURE.md): a backend offers
it as `backend.people`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from backends.domain_registry import DomainKey
from backends.people.models import (
    DirectoryEntry,
    Disposition,
    Operator,
    Presence,
)


@runtime_checkable
class People(Protocol):
    async def upsert_operator(self, operator: Operator) -> Operator: ...

    async def get_operator(self, name: str) -> Operator: ...

    async def list_operators(self) -> list[Operator]: ...

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None) -> Operator:
        """Invalid when pausing without a reason."""

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        """Filtered as you type by name, department, extension or notes (case-insensitive)."""

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry: ...

    async def set_directory_presence(self, entry_id: int, presence: Presence) -> DirectoryEntry:
        ...

    async def list_dispositions(self) -> list[Disposition]: ...

    async def upsert_disposition(self, disposition: Disposition) -> Disposition: ...


PEOPLE: DomainKey[People] = DomainKey("people")
