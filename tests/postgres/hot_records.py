"""What the hot-read tests read: a customer with a phone, a call of theirs, a ticket of that
call with a first entry."""

from __future__ import annotations

from backends.calls.inputs import CallDraft
from backends.calls.models import Call
from backends.customers.inputs import CustomerDraft
from backends.customers.models import Customer
from backends.postgres import PostgresBackend
from backends.tickets.inputs import TicketDraft
from backends.tickets.models import Ticket


async def customer_call_ticket(backend: PostgresBackend) -> tuple[Customer, Call, Ticket]:
    customer = await backend.customers.create_customer(CustomerDraft(
        name="Anna Rossi", phones=["+390612345678"]))
    call = await backend.calls.create_call(CallDraft(caller="+390612345678",
                                                     customer_id=customer.id))
    ticket = await backend.tickets.create_ticket(TicketDraft(
        subject="Router", customer_id=customer.id, call_id=call.id, body="first"))
    return customer, call, ticket
