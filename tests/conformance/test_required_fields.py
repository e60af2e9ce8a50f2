"""An explicit None for a field a record cannot lack is refused, on every backend.

`CustomerChanges(name=None)` used to bump the version and change nothing. The models now refuse
it themselves; a caller that skips validation (`model_construct`) is refused by the backend with
Invalid naming the field, and the record keeps its version. Fields that may be empty still
accept None: optional ones are cleared to None, lists and notes to empty.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from backends.calls.inputs import CallChanges
from backends.customers.inputs import CustomerChanges
from backends.errors import Invalid
from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges
from tests.conformance.helpers import ROME, call, customer, ticket


def _unvalidated(kind: type[BaseModel], **fields: object) -> Any:
    """What a careless caller may hand over: the model's own validation skipped."""
    return kind.model_construct(_fields_set=set(fields), **fields)


@pytest.mark.parametrize(("kind", "field"), [
    (CustomerChanges, "name"), (CustomerChanges, "language"),
    (TicketChanges, "subject"), (TicketChanges, "category"), (TicketChanges, "priority"),
    (TicketChanges, "status"), (TicketChanges, "tier"),
    (CallChanges, "queue"), (CallChanges, "priority"),
])
def test_the_models_refuse_none_for_a_required_field(kind: type[BaseModel], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        kind(**{field: None})
    first = info.value.errors()[0]
    assert first["loc"] == (field,)
    assert "cannot be empty" in first["msg"]


@pytest.mark.parametrize("field", ["name", "language"])
async def test_customer_required_field_none_is_invalid(backend: Backend, field: str) -> None:
    created = await customer(backend, "Mario Rossi", language="it", phones=[ROME])
    with pytest.raises(Invalid) as info:
        await backend.customers.update_customer(created.id, created.version,
                                                _unvalidated(CustomerChanges, **{field: None}))
    assert info.value.field == field
    assert "cannot be empty" in info.value.reason
    assert await backend.customers.get_customer(created.id) == created  # same version, same values


@pytest.mark.parametrize("field", ["subject", "category", "priority", "status", "tier"])
async def test_ticket_required_field_none_is_invalid(backend: Backend, field: str) -> None:
    created = await ticket(backend, "Router does not connect")
    with pytest.raises(Invalid) as info:
        await backend.tickets.update_ticket(created.id, created.version,
                                            _unvalidated(TicketChanges, **{field: None}))
    assert info.value.field == field
    assert "cannot be empty" in info.value.reason
    after = await backend.tickets.get_ticket(created.id)
    assert (after.version, after.subject, after.status) == (
        created.version, created.subject, created.status)


@pytest.mark.parametrize("field", ["queue", "priority"])
async def test_call_required_field_none_is_invalid(backend: Backend, field: str) -> None:
    created = await call(backend, ROME, queue="sales", priority=3)
    with pytest.raises(Invalid) as info:
        await backend.calls.update_call(created.id, created.version,
                                        _unvalidated(CallChanges, **{field: None}))
    assert info.value.field == field
    after = await backend.calls.get_call(created.id)
    assert (after.version, after.queue, after.priority) == (created.version, "sales", 3)


async def test_clearable_customer_fields_still_clear(backend: Backend) -> None:
    created = await customer(backend, "Mario Rossi", company="ACME", email="m@example.it",
                             phones=[ROME], tags=["VIP"], notes="call after 5")
    cleared = await backend.customers.update_customer(created.id, created.version, CustomerChanges(
        company=None, email=None, phones=None, tags=None, notes=None))
    assert cleared.version == created.version + 1
    assert (cleared.company, cleared.email, cleared.phones, cleared.tags, cleared.notes) == (
        None, None, [], [], "")
    assert cleared.name == "Mario Rossi"
    assert await backend.customers.find_customers_by_phone(ROME) == []


async def test_clearable_ticket_fields_still_clear(backend: Backend) -> None:
    due = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
    created = await ticket(backend, "Invoice twice", assignee="anna", due_at=due,
                           tags=["billing"])
    assert created.assignee == "anna"
    cleared = await backend.tickets.update_ticket(created.id, created.version, TicketChanges(
        assignee=None, due_at=None, tags=None))
    assert (cleared.assignee, cleared.due_at, cleared.tags) == (None, None, [])
    assert cleared.subject == "Invoice twice" and cleared.version == created.version + 1
