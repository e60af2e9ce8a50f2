"""Bulk loading (the seeder's path) and the SQLite search paths behind type-ahead:
FTS prefixes, the trigram fuzzy fallback, phone prefixes and suffixes, codes, emails."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.errors import Invalid
from backends.sqlite import SqliteBackend

PEOPLE = [
    {"name": "Mario Rossi", "company": "Tecnoservizi S.r.l.", "phones": ["+390612345678"],
     "email": "mario.rossi@example.com", "tags": ["VIP"], "notes": "prefers mornings"},
    {"name": "Szabó Ilona", "phones": ["+36301234567", "+3612345678"], "language": "hu",
     "email": "ilona@example.org", "consent": {"marketing": True, "recording": False}},
    {"name": "Ștefan Popescu", "company": "Agro Delta S.A.", "phones": ["+40721234567"],
     "language": "ro", "code": "RO-0042"},
    {"name": "Oliver Smith", "phones": ["+447400123456"], "email": "oliver@example.net"},
]


@pytest.fixture
async def loaded(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    async with SqliteBackend(tmp_path / "store.db") as backend:
        filler = [{"name": f"Filler Person{n}", "phones": [f"+3906{20000000 + n}"]}
                  for n in range(300)]
        assert await backend.bulk_load("customers", PEOPLE + filler) == len(PEOPLE) + 300
        yield backend


async def names(backend: SqliteBackend, query: str) -> list[str]:
    return [c.name for c in await backend.customers.search_customers(query)]


async def test_bulk_load_is_searchable_and_sound(loaded: SqliteBackend) -> None:
    assert await loaded.integrity_check() == []
    events = await loaded.feed.read_events(0)
    assert [(e.kind, e.data) for e in events] == [
        ("bulk.loaded", {"table": "customers", "count": len(PEOPLE) + 300})]
    mario = (await loaded.customers.search_customers("ross"))[0]
    assert (mario.code, mario.is_vip, mario.company) == ("C0000001", True, "Tecnoservizi S.r.l.")
    assert (await loaded.customers.get_customer_by_code("ro-0042")).name == "Ștefan Popescu"
    ilona = (await loaded.customers.find_customers_by_phone("+36 1 234 5678"))[0]
    assert ilona.consent.marketing and ilona.language == "hu"


async def test_rows_created_after_a_bulk_load_are_indexed_again(loaded: SqliteBackend) -> None:
    """The load drops the FTS triggers and indexes; they must be back afterwards."""
    new = await loaded.customers.create_customer(
        CustomerDraft(name="Zsófia Nagy", phones=["+36209998877"])
    )
    assert await names(loaded, "zsofia") == ["Zsófia Nagy"]
    await loaded.customers.update_customer(
        new.id, new.version, CustomerChanges(name="Zsófia Kertész")
    )
    assert await names(loaded, "nagy") == []
    assert await names(loaded, "kertesz") == ["Zsófia Kertész"]
    assert [c.id for c in await loaded.customers.find_customers_by_phone("+36209998877")] == [
        new.id
    ]
    assert await loaded.integrity_check() == []


@pytest.mark.parametrize(("query", "expected"), [
    ("mario ro", "Mario Rossi"),        # every word a prefix
    ("ROSSI mar", "Mario Rossi"),       # any order, any case
    ("szabo", "Szabó Ilona"),           # accents folded
    ("stef", "Ștefan Popescu"),
    ("tecnoserv", "Mario Rossi"),       # company
    ("Rosi", "Mario Rossi"),            # typo: fuzzy fallback
    ("Popsecu", "Ștefan Popescu"),      # swapped letters
    ("Smiht Oliver", "Oliver Smith"),
    ("mornings", "Mario Rossi"),        # notes, when names give nothing
])
async def test_name_search(loaded: SqliteBackend, query: str, expected: str) -> None:
    assert (await names(loaded, query))[:1] == [expected]


@pytest.mark.parametrize("query", [
    "+39 06 1234 5678", "0612345678", "06 1234 5678", "0039 06 12345678", "+3906123",
    "5678", "12345678",
])
async def test_phone_formats(loaded: SqliteBackend, query: str) -> None:
    assert (await names(loaded, query))[:1] == ["Mario Rossi"]


async def test_exact_matches_come_first(loaded: SqliteBackend) -> None:
    await loaded.customers.create_customer(CustomerDraft(name="Mario Rossini"))
    await loaded.customers.create_customer(CustomerDraft(name="Rossi"))
    assert (await names(loaded, "rossi"))[0] == "Rossi"
    assert set(await names(loaded, "rossi")) == {"Rossi", "Mario Rossi", "Mario Rossini"}
    assert (await names(loaded, "C0000004"))[0] == "Oliver Smith"  # code before phone digits
    assert (await names(loaded, "ro-0042"))[0] == "Ștefan Popescu"
    assert (await names(loaded, "oliver@"))[0] == "Oliver Smith"
    assert (await names(loaded, "mario.rossi@example.com")) == ["Mario Rossi"]


@pytest.mark.parametrize("query", [
    '"', '""', "'", "*", "ross*", "NEAR(mario rossi)", "mario AND", "OR", "NOT rossi", "-rossi",
    "(", ")", "{name}: x", "^mario", "mario:", " ", "\t\n", "", "a" * 5000, "ř" * 300,
    "mario " * 200, "%_\\", "\x00", "😀 rossi",
])
async def test_hostile_text_never_raises(loaded: SqliteBackend, query: str) -> None:
    found = await loaded.customers.search_customers(query)
    tickets = await loaded.tickets.search_tickets(query)
    assert isinstance(found, list) and isinstance(tickets, list)
    if not query.strip():
        assert found == [] and tickets == []


async def test_operator_words_are_searched_literally(loaded: SqliteBackend) -> None:
    await loaded.customers.create_customer(CustomerDraft(name="Near And Or"))
    assert await names(loaded, "near and or") == ["Near And Or"]
    assert await names(loaded, '"near" AND') == ["Near And Or"]
    assert "Mario Rossi" in await names(loaded, "rossi -")


async def test_bulk_tickets_with_entries_are_searchable(loaded: SqliteBackend) -> None:
    count = await loaded.bulk_load("tickets", [
        {"subject": "Router blinks red", "customer_id": 1, "status": "open",
         "created_at": "2026-03-01T09:00:00+01:00",
         "entries": [{"kind": "note", "author": "anna", "body": "asked to power-cycle"}]},
        {"subject": "Invoice copy", "customer_id": 2, "tags": ["billing"]},
    ])
    assert count == 2
    tickets = await loaded.tickets.list_tickets()
    assert [t.subject for t in tickets] == ["Invoice copy", "Router blinks red"]
    router = tickets[1]
    assert router.created_at.isoformat() == "2026-03-01T08:00:00+00:00"
    assert [t.id for t in await loaded.tickets.search_tickets("power cycle")] == [router.id]
    assert [t.id for t in await loaded.tickets.search_tickets(router.ref)] == [router.id]
    entries = await loaded.tickets.list_ticket_entries(router.id)
    assert [(e.author, e.body) for e in entries] == [("anna", "asked to power-cycle")]
    assert await loaded.integrity_check() == []


async def test_bulk_rows_that_do_not_fit_change_nothing(loaded: SqliteBackend) -> None:
    before = await loaded.feed.last_event_id()
    with pytest.raises(Invalid) as info:
        await loaded.bulk_load("tickets", [{"subject": "Orphan", "customer_id": 999_999}])
    assert info.value.field == "tickets"
    with pytest.raises(Invalid):
        await loaded.bulk_load("customers", [{"name": "Twin", "code": "RO-0042"}])
    with pytest.raises(Invalid):
        await loaded.bulk_load("planets", [{"name": "Mars"}])
    assert await loaded.tickets.list_tickets() == []
    assert await names(loaded, "twin") == []
    assert await loaded.feed.last_event_id() == before
    assert await loaded.integrity_check() == []


async def test_bulk_calls_keep_queue_order(loaded: SqliteBackend) -> None:
    await loaded.bulk_load("calls", [
        {"caller": "+390612345678", "customer_id": 1, "arrived_at": "2026-05-01T10:00:00Z"},
        {"caller": "+447400123456", "priority": 5, "arrived_at": "2026-05-01T10:05:00Z"},
        {"caller": "+36301234567", "vip": True, "arrived_at": "2026-05-01T10:03:00Z"},
    ])
    await loaded.bulk_load("operators", [{"name": "anna", "presence": "available"}])
    queue = await loaded.calls.list_calls(states=["waiting"])
    assert [c.caller for c in queue] == ["+447400123456", "+36301234567", "+390612345678"]
    head = await loaded.calls.claim_call(None, "anna")
    assert head.caller == "+447400123456"
    assert (await loaded.people.get_operator("anna")).presence.value == "on_call"
