"""What the people service needs of a store: persistence only, no rules (docs/ARCHITECTURE.md).

`write(work)` is one transaction: `work` gets a `PeopleWriter`; its changes and the events it
appends are committed together. A new store implements these two Protocols. `work` is
synchronous: it runs where the store keeps its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.people.models import DirectoryEntry, Disposition, Operator, Presence

T = TypeVar("T")


class PeopleWriter(Protocol):
    """Inside one write transaction."""

    def get_operator(self, name: str) -> Operator:
        """NotFound when there is no such operator."""

    def save_operator(self, operator: Operator) -> bool:
        """Insert or update by name (version bumped); True when it was new."""

    def set_presence(self, name: str, presence: Presence, reason: str | None,
                     back_at: datetime | None = None) -> None:
        """Presence, its reason or note, return time and since-when (now) of an operator;
        version bumped."""

    def mark_alive(self, name: str, until: datetime) -> bool:
        """The operator's console counts as alive until `until` (no version, no event: a
        liveness mark, not a change of the record); False when there is no such operator."""

    def silent_operators(self, now: datetime, presences: frozenset[Presence]) -> list[str]:
        """Operators in one of `presences` whose console's alive mark ran out before `now`,
        their presence set while it still held (a fresh sign-in is never among them)."""

    def get_entry(self, entry_id: int) -> DirectoryEntry:
        """NotFound when there is no such directory entry."""

    def save_entry(self, entry: DirectoryEntry) -> int:
        """Insert (no id) or update (NotFound when the id is unknown); the entry's id."""

    def set_entry_presence(self, entry_id: int, presence: Presence, note: str | None = None,
                           back_at: datetime | None = None) -> None: ...

    def save_disposition(self, disposition: Disposition) -> Disposition:
        """Insert (last in order) or update by code."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        """An event of the change feed, committed with the rest."""


class PeopleStorage(Protocol):
    async def write(self, work: Callable[[PeopleWriter], T]) -> T:
        """Run `work` in one transaction."""

    async def get_operator(self, name: str) -> Operator: ...

    async def list_operators(self) -> list[Operator]:
        """By name."""

    async def list_directory(self, text: str) -> list[DirectoryEntry]:
        """By name; with `text`, the entries whose name, department, extension or notes hold
        it, case and accents folded."""

    async def list_dispositions(self) -> list[Disposition]:
        """In their order."""
