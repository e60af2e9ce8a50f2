"""Search: type-ahead by name, email, code and phone; hostile text is searched literally."""

from __future__ import annotations

import pytest

from backends.customers.models import Customer
from backends.protocol import Backend
from backends.tickets.inputs import TicketEntryDraft
from backends.tickets.models import Ticket, ticket_ref
from tests.conformance.helpers import ROME, customer, ticket

HOSTILE = ['"abc', '"', "'", "*", "NEAR", "AND", "OR", "NOT", "-x", "(", ")", ":", "", " ",
           "   \t ", "^", "NEAR(", "a:b", "name:Rossi", "{name}", "Rossi*", "Ros\"si", "\\",
           "%", "_", "%_%", "'; DROP TABLE customers; --", "[@click=app.quit]", "\x00", "\x1b[31m",
           "🙂", "x" * 10_000, "Rossi " * 2_000, "Jánoš", "Szőke", "Ștefănescu", "+", "+39",
           "00", "T-", "T-000000"]


async def names(found: list[Customer]) -> set[str]:
    return {c.name for c in found}


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
async def test_hostile_query_never_raises(backend: Backend, query: str) -> None:
    await customer(backend, "Mario Rossi", email="mario@example.it")
    found = await backend.customers.search_customers(query, limit=5)
    assert isinstance(found, list) and len(found) <= 5
    assert all(isinstance(c, Customer) for c in found)
    tickets = await backend.tickets.search_tickets(query, limit=5)
    assert isinstance(tickets, list) and len(tickets) <= 5


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ('"abc" Impianti', '"abc'),
        ("NEAR Srl", "NEAR"),
        ("AND Partners", "AND"),
        ("OR Logistica", "OR"),
        ("NOT Limited", "NOT"),
        ("Anna Bianchi-Verdi", "-Verdi"),
        ("Seán O'Brien", "O'Brien"),
        ("Bar Sport (Centro)", "Sport (Centro)"),
        ("Studio: Ferri", "Studio:"),
        ("[@click=app.quit] Hacker", "[@click=app.quit]"),
        ("Jánoš Kovács", "Jánoš"),
        ("Éva Szőke", "Szőke"),
        ("Ana Ștefănescu", "Ștefănescu"),
        ("Ștefan Popescu", "ștefan"),
    ],
)
async def test_hostile_literal_is_found(backend: Backend, name: str, query: str) -> None:
    wanted = await customer(backend, name)
    await customer(backend, "Unrelated Person")
    found = await backend.customers.search_customers(query)
    assert wanted.id in [c.id for c in found]
    assert "Unrelated Person" not in await names(found)


async def test_type_ahead_prefix_and_words(backend: Backend) -> None:
    rossi = await customer(backend, "Mario Rossi")
    rossini = await customer(backend, "Gioacchino Rossini")
    bianchi = await customer(backend, "Laura Bianchi")
    for query in ("Ros", "ros", "ROSS"):
        ids = [c.id for c in await backend.customers.search_customers(query)]
        assert rossi.id in ids and rossini.id in ids and bianchi.id not in ids, query
    for query in ("Mario Rossi", "mario ross", "Rossi Mario", "Mar Ros"):
        ids = [c.id for c in await backend.customers.search_customers(query)]
        assert ids[:1] == [rossi.id] and rossini.id not in ids, query
    assert await backend.customers.search_customers("Zamenhof") == []


async def test_search_by_email_code_and_phone(backend: Backend) -> None:
    target = await customer(backend, "Mario Rossi", email="mario.rossi@example.it",
                            phones=["+39 06 1234 5678"], code="IT-4242")
    await customer(backend, "Mario Bianchi", email="bianchi@example.it",
                   phones=["+39 333 123 4567"])
    for query in ("mario.rossi@example.it", "MARIO.ROSSI@EXAMPLE.IT", "IT-4242", "it-4242",
                  "+39 06 1234 5678", "06 1234 5678", "0039 06 1234 5678", ROME):
        ids = [c.id for c in await backend.customers.search_customers(query)]
        assert ids[:1] == [target.id], query


async def test_search_respects_limit(backend: Backend) -> None:
    for i in range(6):
        await customer(backend, f"Rossi Number{i}")
    assert len(await backend.customers.search_customers("Rossi", limit=4)) == 4
    assert len(await backend.customers.search_customers("Rossi", limit=20)) == 6


async def test_search_follows_updates(backend: Backend) -> None:
    from backends.customers.inputs import CustomerChanges

    created = await customer(backend, "Mario Rossi")
    await backend.customers.update_customer(
        created.id, created.version, CustomerChanges(name="Mario Verdi")
    )
    assert await backend.customers.search_customers("Rossi") == []
    assert [c.id for c in await backend.customers.search_customers("Verdi")] == [created.id]


async def ticket_ids(found: list[Ticket]) -> list[int]:
    return [t.id for t in found]


async def test_ticket_search_subject_entries_and_reference(backend: Backend) -> None:
    router = await ticket(backend, "Router does not connect", body="Fritzbox blinks red")
    invoice = await ticket(backend, "Invoice twice: NEAR \"duplicate\"")
    await backend.tickets.add_ticket_entry(
        invoice.id, TicketEntryDraft(body="customer sent scan OR fax")
    )
    assert router.id in await ticket_ids(await backend.tickets.search_tickets("router"))
    assert router.id in await ticket_ids(await backend.tickets.search_tickets("Fritzbox"))
    assert invoice.id in await ticket_ids(await backend.tickets.search_tickets("fax"))
    assert invoice.id in await ticket_ids(await backend.tickets.search_tickets('NEAR "duplicate'))
    assert invoice.id not in await ticket_ids(await backend.tickets.search_tickets("router"))
    for ref in (ticket_ref(router.id), ticket_ref(router.id).lower()):
        assert (await ticket_ids(await backend.tickets.search_tickets(ref)))[:1] == [router.id], ref
