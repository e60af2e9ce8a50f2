"""Concurrent writers through one backend: exactly one of many same-version edits wins."""

from __future__ import annotations

import asyncio

from backends.customers.inputs import CustomerChanges
from backends.customers.models import Customer
from backends.errors import Conflict
from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges
from backends.tickets.models import Ticket
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import Transfer, TransferKind
from tests.conformance.helpers import active_call, customer, operator, ticket


async def test_same_version_customer_edits_have_one_winner(backend: Backend) -> None:
    created = await customer(backend, "Mario Rossi")
    results = await asyncio.gather(
        *(
            backend.customers.update_customer(
                created.id, created.version, CustomerChanges(notes=f"w{i}")
            )
            for i in range(10)
        ),
        return_exceptions=True,
    )
    won = [r for r in results if isinstance(r, Customer)]
    assert len(won) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Customer))
    stored = await backend.customers.get_customer(created.id)
    assert (stored.version, stored.notes) == (created.version + 1, won[0].notes)


async def test_same_version_ticket_edits_have_one_winner(backend: Backend) -> None:
    created = await ticket(backend, "Line down")
    results = await asyncio.gather(
        *(backend.tickets.update_ticket(created.id, created.version, TicketChanges(subject=f"s{i}"))
          for i in range(6)),
        *(backend.tickets.escalate_ticket(created.id, created.version, f"op{i}") for i in range(4)),
        return_exceptions=True)
    won = [r for r in results if isinstance(r, Ticket)]
    assert len(won) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Ticket))
    assert await backend.tickets.get_ticket(created.id) == won[0]


async def test_concurrent_answers_to_one_offer(backend: Backend) -> None:
    original = await active_call(backend, "anna")
    await operator(backend, "bruno")
    offer = await backend.transfers.create_transfer(TransferDraft(
        call_id=original.id, from_operator="anna", target="bruno", kind=TransferKind.WARM))
    results = await asyncio.gather(
        *(backend.transfers.respond_transfer(offer.id, i % 2 == 0, "bruno") for i in range(8)),
        return_exceptions=True)
    won = [r for r in results if isinstance(r, Transfer)]
    assert len(won) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Transfer))
    [stored] = await backend.transfers.list_transfers(call_id=original.id)
    assert stored.status is won[0].status
