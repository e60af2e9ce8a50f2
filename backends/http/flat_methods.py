"""Every domain method of HttpBackend also as its own (`backend.claim_call(...)`), handed to
the domain client that implements it.

Transitional, like the one-object Backend protocol it satisfies: today's callers (screens,
console, tests) still call the flat names; once they use `backend.<domain>` this file goes.
Part of the http client (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from backends.http.calls import HttpCalls
from backends.http.customers import HttpCustomers
from backends.http.feed import HttpFeed
from backends.http.people import HttpPeople
from backends.http.tickets import HttpTickets
from backends.http.transfers import HttpTransfers
from backends.models import (
    Call,
    CallChanges,
    CallDraft,
    CallState,
    Customer,
    CustomerChanges,
    CustomerDraft,
    DirectoryEntry,
    Disposition,
    Event,
    Operator,
    Presence,
    Ticket,
    TicketChanges,
    TicketDraft,
    TicketEntry,
    TicketEntryDraft,
    TicketStatus,
    Transfer,
    TransferDraft,
    TransferStatus,
)


class FlatMethods:
    customers: HttpCustomers
    tickets: HttpTickets
    calls: HttpCalls
    people: HttpPeople
    transfers: HttpTransfers
    feed: HttpFeed

    # -- customers -------------------------------------------------------------------------
    async def create_customer(self, draft: CustomerDraft) -> Customer:
        return await self.customers.create_customer(draft)

    async def get_customer(self, customer_id: int) -> Customer:
        return await self.customers.get_customer(customer_id)

    async def get_customer_by_code(self, code: str) -> Customer:
        return await self.customers.get_customer_by_code(code)

    async def update_customer(self, customer_id: int, version: int,
                              changes: CustomerChanges) -> Customer:
        return await self.customers.update_customer(customer_id, version, changes)

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        return await self.customers.search_customers(query, limit)

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        return await self.customers.find_customers_by_phone(number)

    # -- tickets ---------------------------------------------------------------------------
    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        return await self.tickets.create_ticket(draft)

    async def get_ticket(self, ticket_id: int) -> Ticket:
        return await self.tickets.get_ticket(ticket_id)

    async def update_ticket(self, ticket_id: int, version: int, changes: TicketChanges) -> Ticket:
        return await self.tickets.update_ticket(ticket_id, version, changes)

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        return await self.tickets.escalate_ticket(ticket_id, version, author, reason)

    async def list_tickets(self, *, customer_id: int | None = None,
                           statuses: Sequence[TicketStatus] | None = None,
                           assignee: str | None = None, limit: int = 50) -> list[Ticket]:
        return await self.tickets.list_tickets(customer_id=customer_id, statuses=statuses,
                                               assignee=assignee, limit=limit)

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        return await self.tickets.search_tickets(query, limit)

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
        return await self.tickets.add_ticket_entry(ticket_id, entry)

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        return await self.tickets.list_ticket_entries(ticket_id)

    async def save_ticket(self, ticket_id: int, version: int, changes: TicketChanges,
                          note: TicketEntryDraft | None = None) -> tuple[Ticket, list[TicketEntry]]:
        return await self.tickets.save_ticket(ticket_id, version, changes, note)

    # -- calls -----------------------------------------------------------------------------
    async def create_call(self, draft: CallDraft) -> Call:
        return await self.calls.create_call(draft)

    async def get_call(self, call_id: int) -> Call:
        return await self.calls.get_call(call_id)

    async def list_calls(self, *, states: Sequence[CallState] | None = None,
                         customer_id: int | None = None, operator: str | None = None,
                         limit: int = 100) -> list[Call]:
        return await self.calls.list_calls(states=states, customer_id=customer_id,
                                           operator=operator, limit=limit)

    async def claim_call(self, call_id: int | None, operator: str) -> Call:
        return await self.calls.claim_call(call_id, operator)

    async def set_call_state(self, call_id: int, state: CallState, *,
                             operator: str | None = None,
                             disposition: str | None = None) -> Call:
        return await self.calls.set_call_state(call_id, state, operator=operator,
                                               disposition=disposition)

    async def update_call(self, call_id: int, version: int, changes: CallChanges) -> Call:
        return await self.calls.update_call(call_id, version, changes)

    async def answer_call(self, call_id: int | None, operator: str) -> Call:
        return await self.calls.answer_call(call_id, operator)

    async def end_call(self, call_id: int, operator: str) -> Call:
        return await self.calls.end_call(call_id, operator)

    async def finish_call(self, call_id: int, operator: str, disposition: str) -> Call:
        return await self.calls.finish_call(call_id, operator, disposition)

    # -- operators, presence, directory, dispositions ----------------------------------------
    async def upsert_operator(self, operator: Operator) -> Operator:
        return await self.people.upsert_operator(operator)

    async def get_operator(self, name: str) -> Operator:
        return await self.people.get_operator(name)

    async def list_operators(self) -> list[Operator]:
        return await self.people.list_operators()

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None) -> Operator:
        return await self.people.set_presence(name, presence, reason)

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        return await self.people.list_directory(query)

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry:
        return await self.people.upsert_directory_entry(entry)

    async def set_directory_presence(self, entry_id: int, presence: Presence) -> DirectoryEntry:
        return await self.people.set_directory_presence(entry_id, presence)

    async def list_dispositions(self) -> list[Disposition]:
        return await self.people.list_dispositions()

    async def upsert_disposition(self, disposition: Disposition) -> Disposition:
        return await self.people.upsert_disposition(disposition)

    # -- transfers -------------------------------------------------------------------------
    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        return await self.transfers.create_transfer(draft)

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        return await self.transfers.respond_transfer(transfer_id, accept, by)

    async def list_transfers(self, *, target: str | None = None,
                             status: TransferStatus | None = None, call_id: int | None = None,
                             limit: int = 50) -> list[Transfer]:
        return await self.transfers.list_transfers(target=target, status=status,
                                                   call_id=call_id, limit=limit)

    # -- change feed -----------------------------------------------------------------------
    async def read_events(self, after_id: int = 0, limit: int = 500) -> list[Event]:
        return await self.feed.read_events(after_id, limit)

    async def last_event_id(self) -> int:
        return await self.feed.last_event_id()

    def events(self, after_id: int | None = None) -> AsyncIterator[Event]:
        return self.feed.events(after_id)
