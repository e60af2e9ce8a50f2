"""The tickets use cases: create, edit, escalate, list, search, notes.

One of the domain interfaces a backend provides (docs/ARCHITECTURE.md): a backend offers
it as `backend.tickets`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey
from backends.tickets.models import Ticket, TicketEntry, TicketStatus

if TYPE_CHECKING:
    from backends.tickets.inputs import TicketChanges, TicketDraft, TicketEntryDraft


@runtime_checkable
class Tickets(Protocol):
    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        """A ticket; `draft.body` becomes its first note; `draft.call_id` links the call."""

    async def get_ticket(self, ticket_id: int) -> Ticket: ...

    async def update_ticket(self, ticket_id: int, version: int, changes: TicketChanges) -> Ticket:
        """Conflict (with `current` = the stored ticket) when `version` is stale."""

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        """Raise the tier by one (Invalid at tier 3) and log a system entry."""

    async def list_tickets(
        self,
        *,
        customer_id: int | None = None,
        statuses: Sequence[TicketStatus] | None = None,
        assignee: str | None = None,
        limit: int = 50,
    ) -> list[Ticket]:
        """Newest first."""

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        """Subject and entry text, reference (T-000123). Hostile text is searched literally."""

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry: ...

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        """Oldest first."""

    # -- use cases that change several things: one operation each
    async def save_ticket(self, ticket_id: int, version: int, changes: TicketChanges,
                          note: TicketEntryDraft | None = None) -> tuple[Ticket, list[TicketEntry]]:
        """The editor's save: `changes` (Conflict with `current` when `version` is stale) and
        the note typed with them, together; returns the ticket and all its entries. With no
        field set in `changes` the version is not checked (a note is no edit); a note of
        blanks is not added."""


TICKETS: DomainKey[Tickets] = DomainKey("tickets")
