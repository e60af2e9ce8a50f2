"""The PostgreSQL store itself (backends/postgres), on the run's real PostgreSQL: migrations on
open (idempotent, one at a time), a newer database refused, clear errors for a database that
cannot be reached, the E.164 phone index, and the customer search giving the SQLite store's
answers for the same customers and queries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest

from backends.customers.inputs import CustomerDraft
from backends.errors import Invalid, Unavailable
from backends.postgres import PostgresBackend
from backends.postgres.connection import masked
from backends.protocol import Backend
from backends.registry import create_backend
from backends.sqlite import SqliteBackend
from tests import pg_server

# the core migrations and the registered domains' own
CORE = ["0001_core", "0002_transfer_offer_timeouts", "0003_customer_search_generation",
        "people.0001_presence_and_hours",
        "people.0002_alive_until",
        "training.0001_tables", "callbacks.0001_callbacks", "surveys.0001_surveys",
        "surveys.0002_survey_configs", "campaigns.0001_campaigns", "campaigns.0002_live_calls",
        "campaigns.0003_claimed_at",
        "messages.0001_messages", "messages.0002_message_outcome", "parking.0001_parked_calls",
        "scripts.0001_script_answers", "scripts.0002_script_links",
        "appointments.0001_appointments", "appointments.0002_cancel_reschedule"]


@pytest.fixture
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    server = pg_server.session_server(request)
    url = await asyncio.to_thread(pg_server.create_database, server)
    try:
        yield url
    finally:
        await asyncio.to_thread(pg_server.drop_database, server, url)


async def test_migrations_run_once_whoever_opens_first(database: str) -> None:
    backends = [PostgresBackend(database, pool_size=2) for _ in range(3)]
    await asyncio.gather(*(b.open() for b in backends))  # three servers starting at once
    try:
        for backend in backends:
            assert await backend.schema_migrations() == CORE
        # the eight defaults and the messages domain's MESSAGE, each seeded once
        assert len(await backends[0].people.list_dispositions()) == 9
    finally:
        await asyncio.gather(*(b.close() for b in backends))
    async with PostgresBackend(database) as again:  # nothing pending: opens as it is
        assert await again.schema_migrations() == CORE
        assert await again.integrity_check() == []


async def test_a_database_of_a_newer_version_is_refused(database: str) -> None:
    async with PostgresBackend(database):
        pass
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("INSERT INTO centralino_migrations (name) VALUES ('9999_future')")
    with pytest.raises(Invalid, match="newer version"):
        await PostgresBackend(database).open()


async def test_a_database_that_cannot_be_reached_is_one_clear_error() -> None:
    url = "postgresql://someone:s3cret@127.0.0.1:1/nowhere"
    backend = create_backend(url)
    assert isinstance(backend, PostgresBackend)
    with pytest.raises(Unavailable) as caught:
        await backend.open()
    assert "cannot be reached" in caught.value.message
    assert "s3cret" not in caught.value.message and "s3cret" not in masked(url)


async def test_the_phone_index_holds_only_e164(database: str) -> None:
    async with PostgresBackend(database) as backend:
        made = await backend.customers.create_customer(CustomerDraft(
            name="Mario Rossi", phones=["06 1234 5678"]))
        assert made.phones == ["+390612345678"]
        found = await backend.customers.find_customers_by_phone("+39 06 1234 5678")
        assert [c.id for c in found] == [made.id]
        with psycopg.connect(database) as conn, pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO customer_phones (e164, customer_id, rev) "
                         "VALUES ('06 1234', %s, '4321')", [made.id])


PEOPLE = [
    ("Mario Rossi", "Rossi Impianti", ["+390612345678"], "mario.rossi@example.it"),
    ("Maria Rossini", None, ["+390298765432"], "maria@example.it"),
    ("Anna Szabó", "Kovács és Társa", ["+3612345678"], None),
    ("Ádám Kovács", None, ["+36301234567"], "adam.kovacs@example.hu"),
    ("Ioana Popescu", "Popescu SRL", ["+40211234567"], None),
    ("Ștefan Ionescu", None, ["+40721234567"], "stefan@example.ro"),
    ("John O'Brien", "Anna-Maria Ltd", ["+442079460958"], "john@example.co.uk"),
    ("Giulia Bianchi", None, [], "giulia_b@example.it"),
    ("Marco Rossi", "Impianti Nord", ["+390611111111"], None),
]
QUERIES = ["Rossi", "ross", "mario r", "m rossi", "rsosi", "Rosi", "szabo", "Szabó", "kovacs",
           "Kovács és", "stefan", "Ștefan", "popscu", "0612345678", "+36 1 234 5678", "5678",
           "maria@", "example.it", "o'brien", "brien", "anna maria", "maria", "impianti",
           "giulia_b", "zzz", "a", "Mario Rossi", "ionescu stefan", "bianchi giulia"]


async def _fill(backend: Backend) -> None:
    for name, company, phones, email in PEOPLE:
        await backend.customers.create_customer(CustomerDraft(
            name=name, company=company, phones=phones, email=email,
            notes="calls about the Mastercard fee" if "Rossi" in name else ""))


async def test_customer_search_answers_as_on_sqlite(database: str, tmp_path: Path) -> None:
    async with PostgresBackend(database) as pg, SqliteBackend(tmp_path / "s.db") as lite:
        await _fill(pg)
        await _fill(lite)
        for query in [*QUERIES, "mastercard"]:
            on_pg = [c.name for c in await pg.customers.search_customers(query)]
            on_lite = [c.name for c in await lite.customers.search_customers(query)]
            assert on_pg == on_lite, query
