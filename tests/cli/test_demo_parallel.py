"""Large demo seeds generate customers in a child process (console.demo_parallel): the rows,
their order and the facts must be exactly those of the in-process generator, and a seed
through that path must store them. Real child process, real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.sqlite import SqliteBackend
from console import demo_data, demo_parallel
from console.demo_people import CustomerFacts, customer_code, customer_rows
from console.demo_pools import load_pools

COUNT = 12_345  # more than two batches and a partial one


def test_the_child_makes_the_same_rows_and_facts() -> None:
    here, there = CustomerFacts(), CustomerFacts()
    reported: list[int] = []
    expected = list(customer_rows(load_pools(), 7, COUNT, here))
    got = list(demo_parallel.customer_rows_in_child(
        7, COUNT, there, lambda _what, done, _total: reported.append(done)))
    assert len(got) == COUNT
    assert got == expected
    assert (there.country, there.vip, there.first_phone, list(there.phone_count)) == (
        here.country, here.vip, here.first_phone, list(here.phone_count))
    assert reported[-1] == COUNT and reported == sorted(reported)


def test_a_reader_that_stops_early_ends_the_child() -> None:
    rows = demo_parallel.customer_rows_in_child(3, 200_000, CustomerFacts())
    first = next(rows)
    assert first["code"] == customer_code(1)
    rows.close()  # what a failed bulk load does: the child must not be left running
    assert not [p for p in demo_parallel.multiprocessing.active_children()
                if p.name == "centralino-seed"]


async def test_a_seed_through_the_child_stores_every_customer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_parallel, "PARALLEL_FROM", 1000)  # take the child path at 3,000
    backend = SqliteBackend(tmp_path / "seed.db")
    await backend.open()
    try:
        summary = await demo_data.seed_demo(backend, customers=3000, seed=5)
        assert summary.customers == 3000
        last = await backend.customers.get_customer_by_code(customer_code(3000))
        expected = list(customer_rows(load_pools(), 5, 3000, CustomerFacts()))[-1]
        assert last.name == expected["name"]
        assert (await backend.calls.list_calls(limit=5))  # calls were made from the child's facts
    finally:
        await backend.close()
