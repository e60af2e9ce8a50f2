"""Customers: create, read, optimistic update, NotFound, Invalid naming the field."""

from __future__ import annotations

import pytest

from backends.customers.inputs import CustomerChanges
from backends.customers.models import Consent
from backends.errors import Conflict, Invalid, NotFound
from backends.protocol import Backend
from tests.conformance.helpers import BUDAPEST, ROME, customer


async def test_create_and_get(backend: Backend) -> None:
    created = await customer(
        backend, "Jánoš Szőke", company="Szőke Kft.", phones=["+36 1 234 5678", "06 1234 5678"],
        email="Janos@Example.HU", language="hu", tags=["VIP"], notes="prefers mornings",
        consent=Consent(marketing=True))
    assert created.id > 0 and created.version == 1
    assert created.code  # assigned by the backend
    assert created.phones == [BUDAPEST, ROME]
    assert created.email == "janos@example.hu"
    fetched = await backend.customers.get_customer(created.id)
    assert fetched == created
    assert fetched.name == "Jánoš Szőke" and fetched.is_vip and fetched.consent.marketing
    assert await backend.customers.get_customer_by_code(created.code) == created


async def test_given_codes_are_kept_and_unique(backend: Backend) -> None:
    first = await customer(backend, "Ana Ștefănescu", code="ro-0001")
    assert first.code == "RO-0001"
    assert (await backend.customers.get_customer_by_code("RO-0001")).id == first.id
    second = await customer(backend, "Ion Popescu")
    assert second.code and second.code != first.code and second.id != first.id
    with pytest.raises((Conflict, Invalid)) as info:
        await customer(backend, "Someone Else", code="RO-0001")
    if isinstance(info.value, Invalid):
        assert info.value.field == "code"
    assert (await backend.customers.get_customer_by_code("RO-0001")).name == "Ana Ștefănescu"


async def test_missing_customer_is_not_found(backend: Backend) -> None:
    with pytest.raises(NotFound):
        await backend.customers.get_customer(987654)
    with pytest.raises(NotFound):
        await backend.customers.get_customer_by_code("NOPE-404")
    with pytest.raises(NotFound):
        await backend.customers.update_customer(987654, 1, CustomerChanges(name="Ghost"))


async def test_update_applies_only_the_fields_set(backend: Backend) -> None:
    created = await customer(backend, "Mario Rossi", email="mario@example.it",
                             phones=[ROME], notes="old note")
    updated = await backend.customers.update_customer(
        created.id, created.version, CustomerChanges(notes="new note", phones=["+36 1 234 5678"]))
    assert updated.version == created.version + 1
    assert updated.notes == "new note"
    assert updated.phones == [BUDAPEST]
    assert updated.name == "Mario Rossi" and updated.email == "mario@example.it"
    assert await backend.customers.get_customer(created.id) == updated
    # the phone index follows the update
    assert [c.id for c in await backend.customers.find_customers_by_phone(BUDAPEST)] == [created.id]
    assert await backend.customers.find_customers_by_phone(ROME) == []


async def test_clearing_an_optional_field(backend: Backend) -> None:
    created = await customer(backend, "Mario Rossi", email="mario@example.it", company="ACME")
    updated = await backend.customers.update_customer(created.id, 1, CustomerChanges(email=None,
                                                                                     company=None))
    assert updated.email is None and updated.company is None


async def test_stale_version_is_a_conflict_and_changes_nothing(backend: Backend) -> None:
    created = await customer(backend, "Mario Rossi")
    current = await backend.customers.update_customer(created.id, 1, CustomerChanges(notes="first"))
    with pytest.raises(Conflict) as info:
        await backend.customers.update_customer(created.id, 1, CustomerChanges(notes="lost update"))
    assert info.value.current == current
    assert await backend.customers.get_customer(created.id) == current
    again = await backend.customers.update_customer(created.id, current.version,
                                                    CustomerChanges(notes="second"))
    assert (again.version, again.notes) == (3, "second")


async def test_future_version_is_a_conflict(backend: Backend) -> None:
    created = await customer(backend, "Mario Rossi")
    with pytest.raises(Conflict):
        await backend.customers.update_customer(
            created.id, 7, CustomerChanges(notes="from the future")
        )
    assert (await backend.customers.get_customer(created.id)).version == 1


async def test_hostile_text_is_stored_verbatim(backend: Backend) -> None:
    """Storage keeps what was typed; sanitising happens at display time."""
    name = "[@click=app.quit]Evil\x1b[31m Ștefănescu"
    created = await customer(backend, name, notes="line1\nline2\t\u202eRLO")
    fetched = await backend.customers.get_customer(created.id)
    assert fetched.name == name and fetched.notes == "line1\nline2\t\u202eRLO"
