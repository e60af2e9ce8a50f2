"""People on SQLite: the flat `Backend` methods (operators and presence, the directory,
dispositions), each a one-line delegation to the people service (backends/people/service.py)
over SQLite storage (people_storage.py), kept while callers move to `backend.people`
(docs/ARCHITECTURE.md, "Known debts")."""

from __future__ import annotations

from backends.people.api import People
from backends.people.models import DirectoryEntry, Disposition, Operator, Presence
from backends.sqlite.base import SqliteBase


class PeopleMixin(SqliteBase):
    _people: People  # set by SqliteBackend

    async def upsert_operator(self, operator: Operator) -> Operator:
        return await self._people.upsert_operator(operator)

    async def get_operator(self, name: str) -> Operator:
        return await self._people.get_operator(name)

    async def list_operators(self) -> list[Operator]:
        return await self._people.list_operators()

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None) -> Operator:
        return await self._people.set_presence(name, presence, reason)

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        return await self._people.list_directory(query)

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry:
        return await self._people.upsert_directory_entry(entry)

    async def set_directory_presence(self, entry_id: int, presence: Presence) -> DirectoryEntry:
        return await self._people.set_directory_presence(entry_id, presence)

    async def list_dispositions(self) -> list[Disposition]:
        return await self._people.list_dispositions()

    async def upsert_disposition(self, disposition: Disposition) -> Disposition:
        return await self._people.upsert_disposition(disposition)
