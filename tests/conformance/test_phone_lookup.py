"""Caller-ID: find_customers_by_phone matches a number written in any format."""

from __future__ import annotations

import pytest

from backends.calls.inputs import CallDraft
from backends.protocol import Backend
from tests.conformance.helpers import BUCHAREST, BUDAPEST, LONDON, RO_MOBILE, ROME, customer

ITALIAN_FORMATS = ["+39 06 1234 5678", "0039 06 1234 5678", "06 1234 5678", "06-1234-5678",
                   "+390612345678", " (06) 1234 5678 "]


async def ids_for(backend: Backend, number: str) -> list[int]:
    return sorted(c.id for c in await backend.customers.find_customers_by_phone(number))


@pytest.mark.parametrize("written", ITALIAN_FORMATS)
async def test_italian_number_in_any_format(backend: Backend, written: str) -> None:
    rossi = await customer(backend, "Mario Rossi", phones=["06 1234 5678"])
    await customer(backend, "Laura Bianchi", phones=["+39 333 123 4567"])
    assert await ids_for(backend, written) == [rossi.id]


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("+36 1 234 5678", "+36 1 234 5678"),
        ("+36 1 234 5678", "0036 1 234 5678"),
        ("+36 1 234 5678", "+36-1-234-5678"),
        ("+40 21 123 4567", "+40 21 123 4567"),
        ("+40 21 123 4567", "0040 21 123 4567"),
        ("+40 721 234 567", "+40 721 234 567"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("+44 20 7946 0958", "0044 20 7946 0958"),
    ],
)
async def test_foreign_numbers(backend: Backend, stored: str, written: str) -> None:
    """Factories open backends with region IT; domestic formats of other countries are
    covered by tests/test_phones.py and tests/test_registry.py (region option)."""
    found = await customer(backend, "Foreign Caller", phones=[stored])
    await customer(backend, "Someone Else", phones=["+39 333 123 4567"])
    assert await ids_for(backend, written) == [found.id]


async def test_hungarian_domestic_format_is_not_read_as_hungarian_in_italy(
        backend: Backend) -> None:
    await customer(backend, "Kovács Éva", phones=["+36 1 234 5678"])
    assert await backend.customers.find_customers_by_phone("06 1 234 5678") == []


async def test_every_customer_sharing_a_number(backend: Backend) -> None:
    one = await customer(backend, "Mario Rossi", phones=[ROME, BUDAPEST])
    two = await customer(backend, "Giulia Rossi", phones=["06 1234 5678"])
    three = await customer(backend, "Andrei Ionescu", phones=[BUCHAREST, RO_MOBILE])
    assert await ids_for(backend, "06-1234-5678") == sorted([one.id, two.id])
    assert await ids_for(backend, BUDAPEST) == [one.id]
    assert await ids_for(backend, "+40 721 234 567") == [three.id]
    assert await ids_for(backend, LONDON) == []


@pytest.mark.parametrize("nonsense", ["", "   ", "banana", "12", "+", "[@click=app.quit]",
                                      "x" * 10_000, "\x00\x1b"], ids=lambda q: repr(q[:12]))
async def test_no_match_or_not_a_number_is_empty(backend: Backend, nonsense: str) -> None:
    await customer(backend, "Mario Rossi", phones=[ROME])
    assert await backend.customers.find_customers_by_phone(nonsense) == []


async def test_call_is_matched_to_the_customer_by_phone(backend: Backend) -> None:
    rossi = await customer(backend, "Mario Rossi", phones=[ROME])
    call = await backend.calls.create_call(CallDraft(caller="+39 06 1234 5678"))
    assert call.customer_id == rossi.id
    assert (await backend.calls.get_call(call.id)).customer_id == rossi.id


async def test_shared_number_is_not_matched_to_anyone(backend: Backend) -> None:
    await customer(backend, "Mario Rossi", phones=[ROME])
    await customer(backend, "Giulia Rossi", phones=[ROME])
    call = await backend.calls.create_call(CallDraft(caller=ROME))
    assert call.customer_id is None  # ambiguous: the operator chooses


async def test_explicit_customer_wins_over_the_phone_match(backend: Backend) -> None:
    await customer(backend, "Mario Rossi", phones=[ROME])
    other = await customer(backend, "Laura Bianchi")
    call = await backend.calls.create_call(CallDraft(caller=ROME, customer_id=other.id))
    assert call.customer_id == other.id
