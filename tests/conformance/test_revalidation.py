"""A backend never stores what the models would refuse, even when handed a model that was built
without validation (`model_construct`, as bulk or import code may do for speed): it re-checks
and answers Invalid naming the field, and nothing changes."""

from __future__ import annotations

import pytest

from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.errors import Invalid
from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges, TicketDraft
from tests.conformance.helpers import customer, ticket


def field_root(exc: Invalid) -> str:
    return (exc.field or "").split(".")[0]  # "phones.0" names the item of "phones"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "Rossi", "email": "not-an-email"}, "email"),
        ({"name": "Rossi", "phones": ["banana"]}, "phones"),
        ({"name": "Rossi", "language": "italian"}, "language"),
        ({"name": ""}, "name"),
        ({"name": "Rossi", "code": "a b"}, "code"),
    ],
)
async def test_unvalidated_customer_draft(backend: Backend, fields: dict[str, object],
                                          field: str) -> None:
    draft = CustomerDraft.model_construct(**{**dict(CustomerDraft(name="x")), **fields})
    with pytest.raises(Invalid) as info:
        await backend.customers.create_customer(draft)
    assert field_root(info.value) == field
    assert await backend.customers.search_customers("Rossi") == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"email": "nope"}, "email"), ({"name": ""}, "name"), ({"phones": ["12"]}, "phones"),
     ({"language": "xyz"}, "language")],
)
async def test_unvalidated_customer_changes(backend: Backend, fields: dict[str, object],
                                            field: str) -> None:
    created = await customer(backend, "Mario Rossi", email="mario@example.it")
    changes = CustomerChanges.model_construct(_fields_set=set(fields), **fields)
    with pytest.raises(Invalid) as info:
        await backend.customers.update_customer(created.id, created.version, changes)
    assert field_root(info.value) == field
    assert await backend.customers.get_customer(created.id) == created


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"tier": 4}, "tier"), ({"tier": 0}, "tier"), ({"subject": ""}, "subject")],
)
async def test_unvalidated_ticket_changes(backend: Backend, fields: dict[str, object],
                                          field: str) -> None:
    created = await ticket(backend, "Line down")
    changes = TicketChanges.model_construct(_fields_set=set(fields), **fields)
    with pytest.raises(Invalid) as info:
        await backend.tickets.update_ticket(created.id, created.version, changes)
    assert field_root(info.value) == field
    assert await backend.tickets.get_ticket(created.id) == created


async def test_unvalidated_tier_four_draft(backend: Backend) -> None:
    draft = TicketDraft.model_construct(**{**dict(TicketDraft(subject="x")), "tier": 4})
    with pytest.raises(Invalid) as info:
        await backend.tickets.create_ticket(draft)
    assert field_root(info.value) == "tier"
    assert await backend.tickets.list_tickets() == []
