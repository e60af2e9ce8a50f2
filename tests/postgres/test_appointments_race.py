"""A colleague is never double-booked on PostgreSQL, where bookings run at once on several
connections and servers (backends/postgres/appointments_storage.py: an advisory lock per
colleague around the check and the insert). Two stores on one database, as two servers, book
overlapping slots of the same colleague all at once: exactly one booking of each round wins,
the others are refused as conflicts, and the table holds no overlap. Also when the colleague's
name is written in different cases (names are matched without case, so the lock is keyed by
the lower-cased name)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from itertools import pairwise

import pytest

from backends.appointments.api import APPOINTMENTS
from backends.appointments.models import Appointment
from backends.errors import Conflict
from backends.postgres import PostgresBackend
from tests import pg_server
from tests.conformance.helpers import operator
from tests.conformance.test_appointments import slot

ROUNDS = 6
AT_ONCE = 8  # bookings of one round, half through each store


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    server = pg_server.session_server(request)
    url = await asyncio.to_thread(pg_server.create_database, server)
    try:
        yield url
    finally:
        await asyncio.to_thread(pg_server.drop_database, server, url)


async def book_rounds(database: str, persons: list[str]) -> None:
    """ROUNDS rounds of AT_ONCE overlapping bookings, the colleague named in turn as in
    `persons`: one of each round booked, the rest refused, none overlapping."""
    async with PostgresBackend(database) as first, PostgresBackend(database) as second:
        await operator(first, "anna")
        stores = [first.domain(APPOINTMENTS), second.domain(APPOINTMENTS)]
        for round_ in range(ROUNDS):
            # the same hour, each booking starting a few minutes later: all overlap
            drafts = [slot(2 + round_, 10, 5 * i, booked_by="anna",
                           person=persons[i % len(persons)]) for i in range(AT_ONCE)]
            results = await asyncio.gather(
                *(stores[i % 2].book_appointment(d) for i, d in enumerate(drafts)),
                return_exceptions=True)
            booked = [r for r in results if isinstance(r, Appointment)]
            refused = [r for r in results if isinstance(r, Conflict)]
            assert (len(booked), len(refused)) == (1, AT_ONCE - 1), results
        stored = await stores[1].list_appointments(person=persons[0])
        assert len(stored) == ROUNDS
        for earlier, later in pairwise(stored):
            assert earlier.starts_at.timestamp() + 60 * earlier.minutes <= \
                later.starts_at.timestamp()


async def test_overlapping_bookings_at_once_on_two_stores_leave_one(database: str) -> None:
    await book_rounds(database, ["Paolo Sales"])


async def test_the_same_colleague_in_other_cases_is_not_booked_twice(database: str) -> None:
    await book_rounds(database, ["Paolo Sales", "paolo sales", "PAOLO SALES"])
