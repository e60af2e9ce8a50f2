"""State and helpers the parts of the rt backend share: RtBackend makes one `RtShared` and
hands it to its customers and tickets services (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import weakref
from collections.abc import AsyncIterator, Awaitable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from backends.errors import Invalid, NotFound
from backends.i18n import _
from backends.rt.client import RtClient
from backends.rt.local import LocalBridge
from backends.rt.own_writes import OwnWrites
from backends.sqlite.backend import SqliteBackend

T = TypeVar("T")

# RT answers many refusals with HTTP 200 and a message among the successes
_REFUSAL = re.compile(r"isn't a valid|is not a valid|invalid|illegal|could not|couldn't|"
                      r"permission denied|not allowed|failed|in use|must be|no such",
                      re.IGNORECASE)
_FIELD_WORDS = (("status", "status"), ("subject", "subject"), ("tier", "tier"),
                ("category", "category"), ("priority", "priority"), ("due", "due_at"),
                ("email", "email"), ("requestor", "customer_id"), ("lang", "language"),
                ("name", "name"))


def refusal_field(message: str) -> str | None:
    lowered = message.lower()
    for word, name in _FIELD_WORDS:
        if word in lowered:
            return name
    return None


@dataclass
class RtShared:
    """One RT connection and what the customers and tickets services keep in common."""

    client: RtClient
    local: SqliteBackend
    bridge: LocalBridge
    region: str
    queue: str
    scope: str | None
    own_writes: OwnWrites
    # RT user name → id, learned by either service
    user_ids: dict[str, int] = field(default_factory=dict)
    # one lock per record subject ("ticket:7"), shared so both services serialise alike
    record_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary)


class RtBase:
    """What RtCustomers and RtTickets share: the RT client, the local store and its bridge."""

    def __init__(self, shared: RtShared) -> None:
        self.client = shared.client
        self.local = shared.local
        self.bridge = shared.bridge
        self.region = shared.region
        self.queue = shared.queue
        self.scope = shared.scope
        self.own_writes = shared.own_writes
        self._user_ids = shared.user_ids
        self._record_locks = shared.record_locks

    def _lock_for(self, subject: str) -> asyncio.Lock:
        """One edit at a time per record in this process. RT checks If-Match without a lock,
        so simultaneous PUTs naming the same ETag could all pass; here the second one waits,
        then finds the new version and gets Conflict."""
        lock = self._record_locks.get(subject)
        if lock is None:
            lock = asyncio.Lock()
            self._record_locks[subject] = lock
        return lock

    async def _gather(self, awaitables: Iterable[Awaitable[T]],
                      concurrency: int = 4) -> list[T | None]:
        """Run reads side by side (bounded: RT's standalone server has few workers);
        a record that vanished in between is left out as None."""
        gate = asyncio.Semaphore(concurrency)

        async def one(awaitable: Awaitable[T]) -> T | None:
            async with gate:
                try:
                    return await awaitable
                except NotFound:
                    return None

        return list(await asyncio.gather(*(one(a) for a in awaitables)))

    @contextlib.asynccontextmanager
    async def _own_write(self) -> AsyncIterator[None]:
        """Marks a write in progress, so the poller does not report it as somebody else's."""
        with self.own_writes.writing():
            yield

    async def _record_own(self, subject: str, record: Any) -> None:
        """Remember the newest RT transaction this backend caused on `subject`."""
        kind, _sep, ident = subject.partition(":")
        etag = await self.bridge.etag_for(kind, int(ident), record.version)
        if etag is not None:
            self.own_writes.record(subject, etag)

    @staticmethod
    def _raise_rt_refusals(messages: list[str]) -> None:
        refusals = [m for m in messages if _REFUSAL.search(m)]
        if refusals:
            raise Invalid(refusal_field(refusals[0]),
                          _("RT refused: {message}").format(message="; ".join(refusals)))
