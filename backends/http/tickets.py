"""The tickets domain over HTTP: backends/tickets/api.py `Tickets`, spoken to the server's
routes_tickets. The editor's save is one request (changes and note together). Part of the
http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from collections.abc import Sequence

from backends.http import encode
from backends.http.connection import Connection
from backends.tickets.inputs import TicketChanges, TicketDraft, TicketEntryDraft
from backends.tickets.models import Ticket, TicketEntry, TicketStatus
from backends.wire.tickets import SavedTicket


class HttpTickets:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        return await self._c.call("POST", "/v1/tickets", Ticket, body=draft)

    async def get_ticket(self, ticket_id: int) -> Ticket:
        return await self._c.get(f"/v1/tickets/{int(ticket_id)}", Ticket)

    async def update_ticket(self, ticket_id: int, version: int, changes: TicketChanges) -> Ticket:
        return await self._c.call("PATCH", f"/v1/tickets/{int(ticket_id)}", Ticket,
                                  body=encode.changes(changes), if_match=version)

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        return await self._c.call("POST", f"/v1/tickets/{int(ticket_id)}/escalate", Ticket,
                                  body={"author": author, "reason": reason}, if_match=version)

    async def list_tickets(self, *, customer_id: int | None = None,
                           statuses: Sequence[TicketStatus] | None = None,
                           assignee: str | None = None, limit: int = 50) -> list[Ticket]:
        params = encode.query(customer_id=customer_id, assignee=assignee, limit=limit,
                              status=[TicketStatus(s).value for s in statuses or ()])
        return await self._c.get("/v1/tickets", list[Ticket], params)

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        return await self._c.call("POST", "/v1/tickets/search", list[Ticket],
                                  body={"q": encode.search_text(query), "limit": limit},
                                  write=False)

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
        return await self._c.call("POST", f"/v1/tickets/{int(ticket_id)}/entries", TicketEntry,
                                  body=entry)

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        return await self._c.get(f"/v1/tickets/{int(ticket_id)}/entries", list[TicketEntry])

    async def save_ticket(self, ticket_id: int, version: int, changes: TicketChanges,
                          note: TicketEntryDraft | None = None) -> tuple[Ticket, list[TicketEntry]]:
        if note is not None and not note.body.strip():
            note = None  # a note of blanks is not added (the server's model refuses one)
        body = {"changes": encode.changes(changes),
                "note": note.model_dump(mode="json") if note is not None else None}
        saved: SavedTicket = await self._c.call(
            "POST", f"/v1/tickets/{int(ticket_id)}/save", SavedTicket, body=body,
            if_match=version, current=Ticket)
        return saved.ticket, saved.entries
