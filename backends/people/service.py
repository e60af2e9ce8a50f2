"""The people use cases over a `PeopleStorage`: operators and presence, the directory, call
outcomes; the rules of backends/people/rules.py run here, once, for every store
(docs/ARCHITECTURE.md). Each write is one storage transaction, its events included."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from backends.checks import utcnow
from backends.people import rules
from backends.people.models import DirectoryEntry, Disposition, Operator, Presence
from backends.revalidation import revalidate

if TYPE_CHECKING:  # the Protocols type the service; a store never needs them at run time
    from backends.people.storage import PeopleStorage, PeopleWriter


class PeopleService:
    """The `People` interface (backends/people/api.py) over a `PeopleStorage`."""

    def __init__(self, storage: PeopleStorage) -> None:
        self.storage = storage

    async def upsert_operator(self, operator: Operator) -> Operator:
        operator = revalidate(operator)

        def write(tx: PeopleWriter) -> Operator:
            created = tx.save_operator(operator)
            tx.append_event("operator.created" if created else "operator.updated",
                            f"operator:{operator.name}", {"presence": operator.presence.value})
            return tx.get_operator(operator.name)

        return await self.storage.write(write)

    async def get_operator(self, name: str) -> Operator:
        return await self.storage.get_operator(name)

    async def list_operators(self) -> list[Operator]:
        return await self.storage.list_operators()

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None,
                           back_at: datetime | None = None) -> Operator:
        presence = Presence(presence)
        reason = rules.pause_reason(presence, reason)
        back_at = rules.back_at(presence, back_at, utcnow())

        def write(tx: PeopleWriter) -> Operator:
            before = tx.get_operator(name)
            tx.set_presence(name, presence, reason, back_at)
            tx.append_event("operator.presence", f"operator:{name}",
                            {"presence": presence.value, "from": before.presence.value,
                             "reason": reason,
                             "back_at": back_at.isoformat() if back_at else None})
            return tx.get_operator(name)

        return await self.storage.write(write)

    async def heartbeat(self, name: str, every: float = rules.HEARTBEAT_EVERY) -> list[str]:
        now = utcnow()
        until = rules.heartbeat_deadline(every, now)

        def write(tx: PeopleWriter) -> list[str]:
            if not tx.mark_alive(name, until):
                tx.get_operator(name)  # raises NotFound, naming the operator
            gone = [other for other in tx.silent_operators(now, rules.LAPSING) if other != name]
            for other in gone:
                before = tx.get_operator(other)
                tx.set_presence(other, Presence.OFFLINE, None)
                tx.append_event("operator.presence", f"operator:{other}",
                                {"presence": Presence.OFFLINE.value,
                                 "from": before.presence.value, "reason": "silent",
                                 "back_at": None})
            return gone

        return await self.storage.write(write)

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        return await self.storage.list_directory(
            (query or "").strip()[:rules.DIRECTORY_QUERY_LENGTH])

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry:
        entry = revalidate(entry)

        def write(tx: PeopleWriter) -> DirectoryEntry:
            entry_id = tx.save_entry(entry)
            tx.append_event("directory.created" if entry.id is None else "directory.updated",
                            f"directory:{entry_id}", {"name": entry.name})
            return tx.get_entry(entry_id)

        return await self.storage.write(write)

    async def set_directory_presence(self, entry_id: int, presence: Presence,
                                     note: str | None = None,
                                     back_at: datetime | None = None) -> DirectoryEntry:
        presence = Presence(presence)
        note = None if presence is Presence.PAUSED and not note else rules.pause_reason(
            presence, note)
        back_at = rules.back_at(presence, back_at, utcnow())

        def write(tx: PeopleWriter) -> DirectoryEntry:
            tx.get_entry(entry_id)  # NotFound when there is no such entry
            tx.set_entry_presence(entry_id, presence, note, back_at)
            tx.append_event("directory.presence", f"directory:{entry_id}",
                            {"presence": presence.value})
            return tx.get_entry(entry_id)

        return await self.storage.write(write)

    async def list_dispositions(self) -> list[Disposition]:
        return await self.storage.list_dispositions()

    async def upsert_disposition(self, disposition: Disposition) -> Disposition:
        disposition = revalidate(disposition)

        def write(tx: PeopleWriter) -> Disposition:
            saved = tx.save_disposition(disposition)
            tx.append_event("disposition.updated", f"disposition:{disposition.code}",
                            {"active": disposition.active})
            return saved

        return await self.storage.write(write)
