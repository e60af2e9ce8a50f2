"""Tickets on the wire: the bodies that have no model in the tickets domain, among them the
editor's save (changes and note in one request, the version as If-Match like PATCH).

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md); searches use
backends.wire.search.
"""

from __future__ import annotations

from pydantic import Field

from backends.model_base import Model
from backends.tickets.inputs import TicketChanges, TicketEntryDraft
from backends.tickets.models import Ticket, TicketEntry


class EscalateRequest(Model):
    author: str = Field(min_length=1, max_length=40)
    reason: str = Field(default="", max_length=4000)


class SaveTicketRequest(Model):
    changes: TicketChanges = Field(default_factory=TicketChanges,
                                   description="only the fields to change; none: the version "
                                               "is not checked")
    note: TicketEntryDraft | None = Field(default=None,
                                          description="the note typed with the changes")


class SavedTicket(Model):
    """The ticket as saved and all its entries, oldest first."""

    ticket: Ticket
    entries: list[TicketEntry]

    @property
    def version(self) -> int:
        """The ticket's version: the server sends it as the answer's ETag, as PATCH does."""
        return self.ticket.version
