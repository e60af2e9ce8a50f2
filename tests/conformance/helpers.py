"""Small builders shared by the conformance tests (protocol calls only, no backend internals)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from backends.calls.inputs import CallDraft
from backends.calls.models import Call
from backends.customers.inputs import CustomerDraft
from backends.customers.models import Customer
from backends.messages.api import MESSAGES, Messages
from backends.people.models import Operator, Presence, Role
from backends.protocol import Backend
from backends.tickets.inputs import TicketDraft
from backends.tickets.models import Ticket

ROME = "+390612345678"
BUDAPEST = "+3612345678"
BUCHAREST = "+40211234567"
RO_MOBILE = "+40721234567"
LONDON = "+442079460958"


async def customer(backend: Backend, name: str = "Mario Rossi", **fields: object) -> Customer:
    return await backend.customers.create_customer(CustomerDraft(name=name, **fields))


async def ticket(backend: Backend, subject: str = "Router does not connect",
                 **fields: object) -> Ticket:
    return await backend.tickets.create_ticket(TicketDraft(subject=subject, **fields))


async def operator(backend: Backend, name: str,
                   presence: Presence = Presence.AVAILABLE) -> Operator:
    return await backend.people.upsert_operator(Operator(name=name, display_name=name.title(),
                                                         presence=presence))


async def call(backend: Backend, caller: str = ROME, **fields: object) -> Call:
    return await backend.calls.create_call(CallDraft(caller=caller, **fields))


async def active_call(backend: Backend, operator_name: str, caller: str = ROME,
                      **fields: object) -> Call:
    """A call answered by `operator_name` (the operator is created if needed)."""
    await operator(backend, operator_name)
    waiting = await call(backend, caller, **fields)
    return await backend.calls.claim_call(waiting.id, operator_name)


@contextlib.asynccontextmanager
async def mail_worker(backend: Backend) -> AsyncIterator[Messages]:
    """The messages as the mail worker reaches them: the store itself, or over HTTP with a
    token of the mailer role, the only one the server lets claim messages (the http
    factories' admin token may not: tests/http/test_mail_claims.py). The token is issued
    where the server behind the backend keeps its tokens: a SQLite file or PostgreSQL."""
    from backends.http import HttpBackend

    if not isinstance(backend, HttpBackend):
        yield backend.domain(MESSAGES)
        return
    from tests.backend_factories import issue_token

    token = await asyncio.to_thread(issue_token, backend, "mail-worker", Role.MAILER)
    sender = HttpBackend(backend.url, token=token, timeout=10.0)
    await sender.open()
    try:
        yield sender.domain(MESSAGES)
    finally:
        await sender.close()
