"""Tickets over HTTP: create, list, search, read, edit with If-Match, escalate, notes.

One router per domain (docs/ARCHITECTURE.md); it talks to the backend's `tickets`. A ticket
is written by its author: a worker may not name another, nor write the server's own
(system) notes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.errors import Invalid
from backends.i18n import _
from backends.server.deps import Reader, backend, guard, once, respond, versioned
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import MAX_ID, Id, Limit
from backends.server.policy import Identity
from backends.tickets.api import Tickets
from backends.tickets.inputs import TicketChanges, TicketDraft, TicketEntryDraft
from backends.tickets.models import Ticket, TicketEntry, TicketStatus
from backends.wire.search import SearchRequest
from backends.wire.tickets import EscalateRequest, SavedTicket, SaveTicketRequest

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["tickets"])
TicketWriter = Annotated[Identity, guard("ticket.write")]
TICKETS_LIMIT = 50  # a ticket list's length unless ?limit= says otherwise


def tickets(request: Request) -> Tickets:
    return backend(request).tickets


def entry_by(who: Identity, entry: TicketEntryDraft) -> TicketEntryDraft:
    """The note as `who` may write it: under their own name unless they manage, and never a
    system note unless they manage."""
    who.acts_as(entry.author, "author")
    if entry.author is None:
        entry = entry.model_copy(update={"author": who.operator})
    if entry.kind == "system" and not who.manages:
        raise Invalid("kind", _("system entries are written by the server only"))
    return entry


@router.post("/tickets", status_code=201, response_model=Ticket)
async def create_ticket(draft: TicketDraft, request: Request,
                        who: TicketWriter) -> Response:
    who.acts_as(draft.author, "author")
    if draft.author is None:
        draft = draft.model_copy(update={"author": who.operator})
    return await once(request, who, lambda: tickets(request).create_ticket(draft), 201,
                      lambda t: f"/v1/tickets/{t.id}")


@router.get("/tickets", response_model=list[Ticket])
async def list_tickets(request: Request, who: Reader,
                       customer_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                       status: Annotated[list[TicketStatus] | None,
                                         Query(max_length=len(TicketStatus))] = None,
                       assignee: Annotated[str | None, Query(max_length=40)] = None,
                       limit: Limit = TICKETS_LIMIT) -> Response:
    return respond(await tickets(request).list_tickets(
        customer_id=customer_id, statuses=status or None, assignee=assignee, limit=limit))


@router.post("/tickets/search", response_model=list[Ticket])
async def search_tickets(body: SearchRequest, request: Request, who: Reader) -> Response:
    return respond(await tickets(request).search_tickets(body.q, body.limit))


@router.get("/tickets/{ticket_id}", response_model=Ticket)
async def get_ticket(ticket_id: Id, request: Request, who: Reader) -> Response:
    return respond(await tickets(request).get_ticket(ticket_id))


@router.patch("/tickets/{ticket_id}", response_model=Ticket)
async def update_ticket(ticket_id: Id, changes: TicketChanges, request: Request,
                        who: TicketWriter) -> Response:
    store = tickets(request)
    return await once(request, who, lambda: versioned(
        request, lambda v: store.update_ticket(ticket_id, v, changes),
        lambda: store.get_ticket(ticket_id)))


@router.post("/tickets/{ticket_id}/escalate", response_model=Ticket)
async def escalate_ticket(ticket_id: Id, body: EscalateRequest, request: Request,
                          who: TicketWriter) -> Response:
    who.acts_as(body.author, "author")
    store = tickets(request)
    return await once(request, who, lambda: versioned(
        request, lambda v: store.escalate_ticket(ticket_id, v, body.author, body.reason),
        lambda: store.get_ticket(ticket_id)))


@router.post("/tickets/{ticket_id}/entries", status_code=201, response_model=TicketEntry)
async def add_ticket_entry(ticket_id: Id, entry: TicketEntryDraft, request: Request,
                           who: TicketWriter) -> Response:
    entry = entry_by(who, entry)
    return await once(request, who,
                      lambda: tickets(request).add_ticket_entry(ticket_id, entry), 201)


@router.get("/tickets/{ticket_id}/entries", response_model=list[TicketEntry])
async def list_ticket_entries(ticket_id: Id, request: Request, who: Reader) -> Response:
    return respond(await tickets(request).list_ticket_entries(ticket_id))


@router.post("/tickets/{ticket_id}/save", response_model=SavedTicket)
async def save_ticket(ticket_id: Id, body: SaveTicketRequest, request: Request,
                      who: TicketWriter) -> Response:
    """The editor's save in one request: the changes (If-Match as for PATCH; 412 with the
    stored ticket when stale) and the note typed with them; answers the ticket and all its
    entries."""
    note = entry_by(who, body.note) if body.note is not None else None
    store = tickets(request)

    async def save(version: int) -> SavedTicket:
        ticket, entries = await store.save_ticket(ticket_id, version, body.changes, note)
        return SavedTicket(ticket=ticket, entries=entries)

    return await once(request, who, lambda: versioned(
        request, save, lambda: store.get_ticket(ticket_id)))
