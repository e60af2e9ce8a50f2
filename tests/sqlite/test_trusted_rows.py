"""Stored rows become models through `backends.trusted` (no validation, no field walk): every
kind of record read from a real store must equal what validation would build from the same
data, carry every field, and take the short path (model_construct is never called)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from backends.calls import models as calls_models
from backends.calls.inputs import CallDraft
from backends.customers import models as customers_models
from backends.customers.models import Customer
from backends.feed import models as feed_models
from backends.people import models as people_models
from backends.people.models import DirectoryEntry, Presence
from backends.record import Record
from backends.sqlite import SqliteBackend
from backends.tickets import models as tickets_models
from backends.tickets.inputs import TicketEntryDraft
from backends.transfers import models as transfers_models
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind
from backends.trusted import trusted
from console.demo_data import seed_demo


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    backend = SqliteBackend(tmp_path / "rows.db")
    await backend.open()
    await seed_demo(backend, customers=40, seed=3, calls=12, tickets=15)
    try:
        yield backend
    finally:
        await backend.close()


async def every_kind(store: SqliteBackend) -> list[BaseModel]:
    listed = await store.people.list_operators()
    # the target at their desk: an announced transfer to someone offline is refused
    await store.people.set_presence(listed[1].name, Presence.AVAILABLE)
    operators = await store.people.list_operators()
    waiting = await store.calls.create_call(
        CallDraft(caller="+390612345678", queue="general")
    )
    call = await store.calls.claim_call(waiting.id, operators[0].name)
    transfer = await store.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator=operators[0].name, target=operators[1].name,
        kind=TransferKind.WARM, note="over to you"))
    ticket = (await store.tickets.list_tickets(limit=1))[0]
    await store.tickets.add_ticket_entry(ticket.id, TicketEntryDraft(author="anna", body="a note"))
    return [
        *(await store.customers.search_customers("a", 10)),
        ticket,
        *(await store.tickets.list_ticket_entries(ticket.id)),
        *(await store.calls.list_calls(limit=20)),
        *operators,
        *(await store.people.list_directory()),
        *(await store.people.list_dispositions()),
        *(await store.transfers.list_transfers()),
        transfer,
        *(await store.feed.read_events(0, 50)),
    ]


async def test_every_stored_record_equals_its_validated_twin(
        store: SqliteBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(cls: type[BaseModel], **values: object) -> BaseModel:
        raise AssertionError(f"{cls.__name__} was built by model_construct, not the short path")

    domains = (calls_models, customers_models, feed_models, people_models, tickets_models,
               transfers_models)
    for cls in (value for module in domains for value in vars(module).values()):
        if isinstance(cls, type) and issubclass(cls, BaseModel | Record):
            monkeypatch.setattr(cls, "model_construct", classmethod(refuse))
    found = await every_kind(store)
    monkeypatch.undo()
    kinds = {type(model).__name__ for model in found}
    assert kinds >= {"Customer", "Ticket", "TicketEntry", "Call", "Operator", "DirectoryEntry",
                     "Disposition", "Transfer", "Event"}
    for model in found:
        twin = type(model).model_validate(model.model_dump())
        assert model == twin and model.model_dump_json() == twin.model_dump_json()
        if isinstance(model, Record):  # a record has every field: nothing to leave unset
            assert list(model.__dict__) == list(type(model).model_fields)
        else:
            assert model.model_fields_set == set(type(model).model_fields)


def test_incomplete_values_fall_back_to_model_construct_with_defaults() -> None:
    built = trusted(DirectoryEntry, {"name": "Front desk"})
    assert built.presence is Presence.AVAILABLE and built.version == 1
    customer = trusted(Customer, {"name": "Anna", "bogus": 1})  # an unknown key: not trusted
    assert customer.name == "Anna" and customer.phones == []
    assert "bogus" not in vars(customer) and "code" not in vars(customer)  # as pydantic's


async def test_the_builders_give_every_field_in_declaration_order(
        store: SqliteBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys out of order still work (reordered, since JSON follows the dict's order) but
    cost a copy; the row builders keep each model's order so they never pay it."""
    from backends import trusted as trusted_module
    from backends.sqlite import rows

    seen: set[str] = set()

    def in_order(cls: type[BaseModel], values: dict[str, object]) -> BaseModel:
        assert tuple(values) == tuple(cls.model_fields), cls.__name__
        seen.add(cls.__name__)
        return trusted_module.trusted(cls, values)

    monkeypatch.setattr(rows, "trusted", in_order)
    await every_kind(store)
    assert seen >= {"Customer", "Consent", "Ticket", "TicketEntry", "Call", "Operator",
                    "DirectoryEntry", "Disposition", "Transfer", "Event"}
