"""Customers and tickets over HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from backends.errors import Invalid
from backends.i18n import _
from backends.models import (
    Customer,
    CustomerChanges,
    CustomerDraft,
    Ticket,
    TicketChanges,
    TicketDraft,
    TicketEntry,
    TicketEntryDraft,
    TicketStatus,
)
from backends.server.deps import backend, caller, once, respond, versioned
from backends.server.errors import ERROR_RESPONSES
from backends.wire.core import MAX_LIMIT
from backends.wire.customers import PhoneLookup
from backends.wire.search import SearchRequest
from backends.wire.tickets import EscalateRequest

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)
MAX_ID = 2**62
TICKETS_LIMIT = 50  # a ticket list's length unless ?limit= says otherwise
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


# ---------------------------------------------------------------------------------- customers
@router.post("/customers", status_code=201, response_model=Customer, tags=["customers"])
async def create_customer(draft: CustomerDraft, request: Request,
                          who: caller("customer.write")) -> Response:
    return await once(request, who, lambda: backend(request).create_customer(draft), 201,
                      lambda c: f"/v1/customers/{c.id}")


@router.get("/customers/{customer_id}", response_model=Customer, tags=["customers"])
async def get_customer(customer_id: Id, request: Request, who: caller("read")) -> Response:
    return respond(await backend(request).get_customer(customer_id))


@router.get("/customers/by-code/{code}", response_model=Customer, tags=["customers"])
async def get_customer_by_code(code: Annotated[str, Path(max_length=40)], request: Request,
                               who: caller("read")) -> Response:
    return respond(await backend(request).get_customer_by_code(code))


@router.patch("/customers/{customer_id}", response_model=Customer, tags=["customers"])
async def update_customer(customer_id: Id, changes: CustomerChanges, request: Request,
                          who: caller("customer.write")) -> Response:
    store = backend(request)
    return await once(request, who, lambda: versioned(
        request, lambda v: store.update_customer(customer_id, v, changes),
        lambda: store.get_customer(customer_id)))


@router.post("/customers/search", response_model=list[Customer], tags=["customers"])
async def search_customers(body: SearchRequest, request: Request,
                           who: caller("read")) -> Response:
    return respond(await backend(request).search_customers(body.q, body.limit))


@router.post("/customers/by-phone", response_model=list[Customer], tags=["customers"])
async def find_customers_by_phone(body: PhoneLookup, request: Request,
                                  who: caller("read")) -> Response:
    return respond(await backend(request).find_customers_by_phone(body.number))


# ---------------------------------------------------------------------------------- tickets
@router.post("/tickets", status_code=201, response_model=Ticket, tags=["tickets"])
async def create_ticket(draft: TicketDraft, request: Request,
                        who: caller("ticket.write")) -> Response:
    who.acts_as(draft.author, "author")
    if draft.author is None:
        draft = draft.model_copy(update={"author": who.operator})
    return await once(request, who, lambda: backend(request).create_ticket(draft), 201,
                      lambda t: f"/v1/tickets/{t.id}")


@router.get("/tickets", response_model=list[Ticket], tags=["tickets"])
async def list_tickets(request: Request, who: caller("read"),
                       customer_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                       status: Annotated[list[TicketStatus] | None,
                                         Query(max_length=len(TicketStatus))] = None,
                       assignee: Annotated[str | None, Query(max_length=40)] = None,
                       limit: Limit = TICKETS_LIMIT) -> Response:
    return respond(await backend(request).list_tickets(
        customer_id=customer_id, statuses=status or None, assignee=assignee, limit=limit))


@router.post("/tickets/search", response_model=list[Ticket], tags=["tickets"])
async def search_tickets(body: SearchRequest, request: Request, who: caller("read")) -> Response:
    return respond(await backend(request).search_tickets(body.q, body.limit))


@router.get("/tickets/{ticket_id}", response_model=Ticket, tags=["tickets"])
async def get_ticket(ticket_id: Id, request: Request, who: caller("read")) -> Response:
    return respond(await backend(request).get_ticket(ticket_id))


@router.patch("/tickets/{ticket_id}", response_model=Ticket, tags=["tickets"])
async def update_ticket(ticket_id: Id, changes: TicketChanges, request: Request,
                        who: caller("ticket.write")) -> Response:
    store = backend(request)
    return await once(request, who, lambda: versioned(
        request, lambda v: store.update_ticket(ticket_id, v, changes),
        lambda: store.get_ticket(ticket_id)))


@router.post("/tickets/{ticket_id}/escalate", response_model=Ticket, tags=["tickets"])
async def escalate_ticket(ticket_id: Id, body: EscalateRequest, request: Request,
                          who: caller("ticket.write")) -> Response:
    who.acts_as(body.author, "author")
    store = backend(request)
    return await once(request, who, lambda: versioned(
        request, lambda v: store.escalate_ticket(ticket_id, v, body.author, body.reason),
        lambda: store.get_ticket(ticket_id)))


@router.post("/tickets/{ticket_id}/entries", status_code=201, response_model=TicketEntry,
             tags=["tickets"])
async def add_ticket_entry(ticket_id: Id, entry: TicketEntryDraft, request: Request,
                           who: caller("ticket.write")) -> Response:
    who.acts_as(entry.author, "author")
    if entry.author is None:
        entry = entry.model_copy(update={"author": who.operator})
    if entry.kind == "system" and not who.manages:
        raise Invalid("kind", _("system entries are written by the server only"))
    return await once(request, who,
                      lambda: backend(request).add_ticket_entry(ticket_id, entry), 201)


@router.get("/tickets/{ticket_id}/entries", response_model=list[TicketEntry], tags=["tickets"])
async def list_ticket_entries(ticket_id: Id, request: Request, who: caller("read")) -> Response:
    return respond(await backend(request).list_ticket_entries(ticket_id))
