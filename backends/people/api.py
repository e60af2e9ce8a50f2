"""The people use cases: operators and their presence, the directory, dispositions.

One of the domain interfaces a backend provides (docs/ARCHITECTURE.md): a backend offers
it as `backend.people`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from datetime import datetime
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
                           reason: str | None = None,
                           back_at: datetime | None = None) -> Operator:
        """Invalid when pausing without a reason. `reason` is a pause's reason or the note of
        away and do-not-disturb, which may also say when they end (`back_at`, ahead of now)."""

    async def heartbeat(self, name: str, every: float = 20.0) -> list[str]:
        """`name`'s console is alive and says so again within `every` seconds; colleagues
        whose console went silent for three of its own intervals while free, in wrap-up or
        paused are signed out (the names returned; an `operator.presence` event each, with
        reason "silent"). NotFound for an unknown operator, Invalid for `every` outside
        0.1–600 s."""

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        """Filtered as you type by name, department, extension or notes (case-insensitive)."""

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry: ...

    async def set_directory_presence(self, entry_id: int, presence: Presence,
                                     note: str | None = None,
                                     back_at: datetime | None = None) -> DirectoryEntry:
        """As `set_presence`, for a directory entry (a colleague without a console)."""

    async def list_dispositions(self) -> list[Disposition]: ...

    async def upsert_disposition(self, disposition: Disposition) -> Disposition: ...


PEOPLE: DomainKey[People] = DomainKey("people")
