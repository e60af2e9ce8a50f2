"""Tickets on SQLite: the flat `Backend` methods, each a one-line delegation to the tickets
service (backends/tickets/service.py) over SQLite storage (tickets_storage.py), kept while
callers move to `backend.tickets` (docs/ARCHITECTURE.md, "Known debts")."""

from __future__ import annotations

from collections.abc import Sequence

from backends.sqlite.base import SqliteBase
from backends.tickets.api import Tickets
from backends.tickets.models import (
    Ticket,
    TicketChanges,
    TicketDraft,
    TicketEntry,
    TicketEntryDraft,
    TicketStatus,
)


class TicketsMixin(SqliteBase):
    _tickets: Tickets  # set by SqliteBackend

    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        return await self._tickets.create_ticket(draft)

    async def get_ticket(self, ticket_id: int) -> Ticket:
        return await self._tickets.get_ticket(ticket_id)

    async def update_ticket(self, ticket_id: int, version: int, changes: TicketChanges) -> Ticket:
        return await self._tickets.update_ticket(ticket_id, version, changes)

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        return await self._tickets.escalate_ticket(ticket_id, version, author, reason)

    async def list_tickets(self, *, customer_id: int | None = None,
                           statuses: Sequence[TicketStatus] | None = None,
                           assignee: str | None = None, limit: int = 50) -> list[Ticket]:
        return await self._tickets.list_tickets(customer_id=customer_id, statuses=statuses,
                                                assignee=assignee, limit=limit)

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        return await self._tickets.search_tickets(query, limit)

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
        return await self._tickets.add_ticket_entry(ticket_id, entry)

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        return await self._tickets.list_ticket_entries(ticket_id)

    async def save_ticket(self, ticket_id: int, version: int, changes: TicketChanges,
                          note: TicketEntryDraft | None = None) -> tuple[Ticket, list[TicketEntry]]:
        return await self._tickets.save_ticket(ticket_id, version, changes, note)
