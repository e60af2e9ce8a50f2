"""The people domain over HTTP: backends/people/api.py `People` (operators and presence, the
directory, dispositions), spoken to the server's routes_people. Part of the http client
(docs/ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import datetime

from backends.http import encode
from backends.http.connection import Connection
from backends.people.models import DirectoryEntry, Disposition, Operator, Presence


class HttpPeople:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def upsert_operator(self, operator: Operator) -> Operator:
        return await self._c.call("PUT", f"/v1/operators/{encode.segment(operator.name)}",
                                  Operator, body=operator)

    async def get_operator(self, name: str) -> Operator:
        return await self._c.get(f"/v1/operators/{encode.segment(name)}", Operator)

    async def list_operators(self) -> list[Operator]:
        return await self._c.get("/v1/operators", list[Operator])

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None,
                           back_at: datetime | None = None) -> Operator:
        return await self._c.call("PUT", f"/v1/operators/{encode.segment(name)}/presence",
                                  Operator,
                                  body={"presence": Presence(presence).value, "reason": reason,
                                        "back_at": back_at.isoformat() if back_at else None})

    async def heartbeat(self, name: str, every: float = 20.0) -> list[str]:
        return await self._c.call("POST", f"/v1/operators/{encode.segment(name)}/heartbeat",
                                  list[str], body={"every": every})

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        return await self._c.get("/v1/directory", list[DirectoryEntry],
                                 encode.query(q=query or None))

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry:
        return await self._c.call("POST", "/v1/directory", DirectoryEntry, body=entry)

    async def set_directory_presence(self, entry_id: int, presence: Presence,
                                     note: str | None = None,
                                     back_at: datetime | None = None) -> DirectoryEntry:
        return await self._c.call(
            "PUT", f"/v1/directory/{int(entry_id)}/presence", DirectoryEntry,
            body={"presence": Presence(presence).value, "note": note,
                  "back_at": back_at.isoformat() if back_at else None})

    async def list_dispositions(self) -> list[Disposition]:
        return await self._c.get("/v1/dispositions", list[Disposition])

    async def upsert_disposition(self, disposition: Disposition) -> Disposition:
        return await self._c.call("PUT", f"/v1/dispositions/{encode.segment(disposition.code)}",
                                  Disposition, body=disposition)
