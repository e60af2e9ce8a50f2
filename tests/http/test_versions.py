"""ETag / If-Match: a stale write is 412 with the stored record, a missing one 428."""

from __future__ import annotations

import pytest

from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.errors import Conflict, Invalid
from backends.http import HttpBackend
from backends.people.models import Role
from backends.tickets.inputs import TicketChanges, TicketDraft
from tests.http.conftest import Site


async def test_stale_update_is_412_and_changes_nothing(site: Site, admin: HttpBackend) -> None:
    ticket = await admin.tickets.create_ticket(TicketDraft(subject="Router does not connect"))
    newer = await admin.tickets.update_ticket(ticket.id, ticket.version, TicketChanges(tier=2))
    async with site.client(Role.OPERATOR) as http:
        read = await http.get(f"/v1/tickets/{ticket.id}")
        stale = await http.patch(f"/v1/tickets/{ticket.id}", json={"subject": "Mine"},
                                 headers={"If-Match": f'"{ticket.version}"'})
    assert read.headers["etag"] == f'"{newer.version}"'
    assert stale.status_code == 412
    body = stale.json()
    assert body["code"] == "conflict" and body["current"]["version"] == newer.version
    assert body["current"]["tier"] == 2
    assert await admin.tickets.get_ticket(ticket.id) == newer


async def test_client_raises_conflict_with_the_current_record(admin: HttpBackend) -> None:
    customer = await admin.customers.create_customer(CustomerDraft(name="Mario Rossi"))
    newer = await admin.customers.update_customer(customer.id, 1, CustomerChanges(company="ACME"))
    with pytest.raises(Conflict) as caught:
        await admin.customers.update_customer(customer.id, 1, CustomerChanges(name="Luigi"))
    assert caught.value.current == newer  # a Customer, ready for the conflict dialog
    assert (await admin.customers.get_customer(customer.id)).name == "Mario Rossi"


async def test_missing_if_match_is_428(site: Site, admin: HttpBackend) -> None:
    customer = await admin.customers.create_customer(CustomerDraft(name="Mario Rossi"))
    async with site.client(Role.OPERATOR) as http:
        missing = await http.patch(f"/v1/customers/{customer.id}", json={"name": "X"})
        garbled = await http.patch(f"/v1/customers/{customer.id}", json={"name": "X"},
                                   headers={"If-Match": "yesterday"})
    assert missing.status_code == 428
    assert missing.json()["field"] == "If-Match"
    assert garbled.status_code == 422 and garbled.json()["field"] == "If-Match"
    assert (await admin.customers.get_customer(customer.id)).version == 1


async def test_explicit_none_clears_and_unset_keeps(admin: HttpBackend) -> None:
    customer = await admin.customers.create_customer(
        CustomerDraft(name="Mario Rossi", company="ACME", email="m@example.com")
    )
    changed = await admin.customers.update_customer(customer.id, 1, CustomerChanges(company=None))
    assert changed.company is None and changed.email == "m@example.com"


async def test_escalation_past_tier_three_is_invalid(admin: HttpBackend) -> None:
    ticket = await admin.tickets.create_ticket(TicketDraft(subject="Down", tier=3))
    with pytest.raises(Invalid):
        await admin.tickets.escalate_ticket(ticket.id, ticket.version, "admin1")
