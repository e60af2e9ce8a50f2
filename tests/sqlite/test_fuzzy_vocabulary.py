"""The fuzzy fallback trusts its vocabulary (customer_terms): a word missing from it is taken
for a typo and replaced by its neighbours. So every word of a name or company must be in it,
and the shortcuts built on it must not lose a customer. Real SQLite files."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.customers.inputs import CustomerDraft
from backends.sqlite import SqliteBackend, search

LONG_COMPANY = "Cooperativa Agricola dei Produttori di Latte della Valle Verde Montana"


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    async with SqliteBackend(tmp_path / "store.db") as store:
        await store.bulk_load("customers", [{"name": f"Filler Person{n}"} for n in range(30)])
        yield store


def terms(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT term FROM customer_terms")}


async def test_every_word_of_a_long_company_is_known(backend: SqliteBackend) -> None:
    await backend.customers.create_customer(
        CustomerDraft(name="Giulia Bianchi", company=LONG_COMPANY)
    )
    known = terms(backend.path)
    assert {"cooperativa", "valle", "verde", "montana", "giulia", "bianchi"} <= known
    assert "di" not in known  # two letters are too short to correct


async def test_a_typo_beside_the_tenth_word_of_a_company_still_finds_it(
        backend: SqliteBackend) -> None:
    """'montana' is the company's tenth word: were it missing from the vocabulary, the
    fuzzy fallback would take it for a typo, find no neighbour and give up."""
    await backend.customers.create_customer(
        CustomerDraft(name="Giulia Bianchi", company=LONG_COMPANY)
    )
    found = await backend.customers.search_customers("Giula montana")
    assert [c.name for c in found] == ["Giulia Bianchi"]


async def test_a_bulk_load_knows_every_word_too(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "bulk.db") as store:
        await store.bulk_load("customers", [{"name": "Ana Pop", "company": LONG_COMPANY}])
        assert (await store.customers.search_customers("Anna montana"))[0].name == "Ana Pop"
        assert {"montana", "verde", "ana", "pop"} <= terms(store.path)


def fts_queries(conn: sqlite3.Connection, run: object) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        assert callable(run)
        run()
    finally:
        conn.set_trace_callback(None)
    return [sql for sql in seen if "customers_fts MATCH" in sql]


async def test_fuzzy_runs_no_query_when_no_word_is_misspelt(backend: SqliteBackend) -> None:
    """'filler person3' has no typo: the exact and prefix queries already found nothing,
    so the fallback must not run them again (at 1M customers they cost 14 ms)."""
    with sqlite3.connect(backend.path) as conn:
        queries = fts_queries(conn, lambda: search.fuzzy_ids(conn, ["filler", "zzz"], 20))
        assert queries == []  # 'zzz' has no neighbour: nothing can match
        queries = fts_queries(conn, lambda: search.fuzzy_ids(conn, ["filler", "person"], 20))
        assert queries == []
        queries = fts_queries(conn, lambda: search.fuzzy_ids(conn, ["fillre", "person"], 20))
        assert len(queries) == 1 and '"filler"' in queries[0] and "fillre" not in queries[0]


@pytest.mark.parametrize("candidates", [search.TERM_CANDIDATES, 3])
async def test_neighbours_are_found_with_few_or_many_sharing_a_trigram(
        backend: SqliteBackend, monkeypatch: pytest.MonkeyPatch, candidates: int) -> None:
    """Few terms sharing a trigram are all compared; past TERM_CANDIDATES the best ranked
    are. With 40 decoys sharing 'ros', both ways must still reach 'rossini'."""
    monkeypatch.setattr(search, "TERM_CANDIDATES", candidates)
    decoys = [{"name": f"Ros{chr(97 + n % 26)}{chr(97 + n // 26)}ko Vela"} for n in range(40)]
    await backend.bulk_load("customers", [*decoys, {"name": "Mario Rossini"}])
    with sqlite3.connect(backend.path) as conn:
        assert "rossini" in search.similar_terms(conn, "rosisni")
    assert [c.name for c in await backend.customers.search_customers("mario rosisni")] == [
        "Mario Rossini"
    ]


@pytest.mark.parametrize(("typed", "expected"), [
    ("mario r", "Mario Rossi"),      # a lone letter while the surname is being typed
    ("g verdi", "Giuseppe Verdi"),
    ("m r", "Mario Rossi"),
])
async def test_a_lone_letter_is_a_prefix_while_typing(backend: SqliteBackend, typed: str,
                                                      expected: str) -> None:
    for name in ("Mario Rossi", "Giuseppe Verdi"):
        await backend.customers.create_customer(CustomerDraft(name=name))
    assert expected in [c.name for c in await backend.customers.search_customers(typed)]


async def test_words_joined_by_an_underscore_are_two_words(backend: SqliteBackend) -> None:
    """The full-text index splits 'Idra_Impianti' into two words; so must the vocabulary,
    or 'impianti' would be taken for a typo."""
    await backend.customers.create_customer(
        CustomerDraft(name="Luca Rossi", company="Idra_Impianti")
    )
    assert {"idra", "impianti"} <= terms(backend.path)
    assert [c.name for c in await backend.customers.search_customers("impianti rosii")] == [
        "Luca Rossi"
    ]


async def test_opening_an_older_database_completes_its_vocabulary(tmp_path: Path) -> None:
    """A database written by an earlier version lacks words past a name's eighth: opening it
    adds them (migration 0004), so the fuzzy lookup finds such a customer again."""
    path = tmp_path / "old.db"
    name = "Maria de los Angeles Garcia de la Fuente y Montoya"
    async with SqliteBackend(path) as store:
        await store.customers.create_customer(CustomerDraft(name=name))
    with sqlite3.connect(path) as conn:  # as the earlier version left it
        conn.execute("DELETE FROM customer_terms WHERE term IN ('montoya', 'fuente')")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_complete_customer_terms'")
    async with SqliteBackend(path) as store:
        assert {"montoya", "fuente"} <= terms(path)
        assert [c.name for c in await store.customers.search_customers("montoya garsia")] == [name]
