"""What the tickets service needs of a store: persistence only, no rules (docs/ARCHITECTURE.md).

A store runs `write(work)` as one transaction: `work` gets a `TicketsWriter`, and every change
and event it makes is committed together or not at all. Edits are compare-and-set on the
version read before (False when somebody else saved first). A new store (e.g. PostgreSQL)
implements these two Protocols; the rules stay in backends/tickets/service.py. `work` is
synchronous: it runs where the store keeps its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.tickets.models import EntryKind, Ticket, TicketEntry, TicketStatus

T = TypeVar("T")


class TicketsWriter(Protocol):
    """Inside one write transaction."""

    now: datetime  # the transaction's clock (UTC)

    def get_ticket(self, ticket_id: int) -> Ticket:
        """NotFound when there is no such ticket."""

    def insert_ticket(self, values: dict[str, object]) -> int:
        """A new ticket (field → value, as in `Ticket`, created/updated now, version 1)."""

    def update_if_version(self, ticket_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        """Set `fields` and updated_at, bump the version, only if still at `version`."""

    def insert_entry(self, ticket_id: int, kind: EntryKind, author: str | None,
                     body: str) -> TicketEntry: ...

    def touch(self, ticket_id: int) -> None:
        """updated_at = now, no version change: an entry is no edit."""

    def link_call(self, call_id: int, ticket_id: int) -> None: ...

    def customer_exists(self, customer_id: int) -> bool: ...

    def call_exists(self, call_id: int) -> bool: ...

    def entries(self, ticket_id: int) -> list[TicketEntry]:
        """Oldest first."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        """An event of the change feed, committed with the rest."""


class TicketsStorage(Protocol):
    async def write(self, work: Callable[[TicketsWriter], T]) -> T:
        """Run `work` in one transaction."""

    async def get_ticket(self, ticket_id: int) -> Ticket: ...

    async def list_tickets(self, *, customer_id: int | None, statuses: Sequence[TicketStatus],
                           assignee: str | None, limit: int) -> list[Ticket]:
        """Newest first."""

    async def search_tickets(self, query: str, limit: int) -> list[Ticket]:
        """Subject, entry text and reference; the text is searched literally."""

    async def list_entries(self, ticket_id: int) -> list[TicketEntry]:
        """Oldest first; NotFound when there is no such ticket."""
