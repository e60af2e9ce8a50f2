"""Cached search and directory answers (backends/server/answer_cache.py) are never older than
the database: a change made through another connection to the same store, as another worker
process, another server or the CLI makes it, shows in the very next answer. The cache's hit
count proves the repeated answers did come from it. In-process ASGI calls on each store (a real
SQLite file, a database of the run's PostgreSQL); the last test runs two real worker processes
on one SQLite file."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backends.capabilities import Capability
from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.customers.models import Consent
from backends.people.models import DirectoryEntry, Role
from backends.protocol import Backend
from backends.server.answer_cache import AnswerCache, KeepsGenerations
from tests.http.asgi_client import Client
from tests.http.conftest import fresh_store
from tests.http.harness import ServerProcess, make_app, provision, store_backend

SEARCH = "/v1/customers/search"


def names(body: bytes) -> list[str]:
    return [item["name"] for item in json.loads(body)]


class Setup:
    def __init__(self, client: Client, other: Backend) -> None:
        self.client, self.other = client, other

    @property
    def cache(self) -> AnswerCache:
        return self.client.app.fast_reads.cache  # type: ignore[no-any-return]

    async def search(self, q: str, limit: int = 10) -> bytes:
        status, _headers, body = await self.client.send(
            "POST", SEARCH, json.dumps({"q": q, "limit": limit}).encode())
        assert status == 200, body
        return body

    async def directory(self, q: str = "") -> bytes:
        status, _headers, body = await self.client.send("GET", f"/v1/directory?q={q}")
        assert status == 200, body
        return body


@pytest.fixture
async def setup(tmp_path: Path, request: pytest.FixtureRequest,
                site_store: str) -> AsyncIterator[Setup]:
    db, _roles = await asyncio.to_thread(fresh_store, request, site_store, tmp_path)
    tokens = await asyncio.to_thread(provision, db, {"anna": Role.OPERATOR})
    app = make_app(db)
    # another connection to the store: what another worker process, another server or the CLI
    # writes through
    other = store_backend(db)
    await other.open()
    try:
        async with app.router.lifespan_context(app):
            await other.customers.create_customer(CustomerDraft(name="Mario Rossi",
                                                                phones=["+390612345678"]))
            await other.people.upsert_directory_entry(DirectoryEntry(name="Sales", extension="201"))
            client = Client(app, tokens["anna"])
            assert (await client.send("GET", "/healthz"))[0] == 200
            yield Setup(client, other)
    finally:
        await other.close()


async def test_a_repeated_search_comes_from_the_cache(setup: Setup) -> None:
    first = await setup.search("ros")
    hits = setup.cache.hits
    assert await setup.search("ros") == first
    assert setup.cache.hits == hits + 1
    assert await setup.search("ros", limit=5) == first  # another question: built, not reused
    assert setup.cache.hits == hits + 1


async def test_every_kind_of_customer_change_shows_at_once(setup: Setup) -> None:
    rossi = (await setup.other.customers.search_customers("Mario Rossi"))[0]
    assert names(await setup.search("ros")) == ["Mario Rossi"]
    assert names(await setup.search("ros")) == ["Mario Rossi"]  # now kept

    renamed = await setup.other.customers.update_customer(rossi.id, rossi.version,
                                                          CustomerChanges(name="Mario Rossetti"))
    assert names(await setup.search("ros")) == ["Mario Rossetti"]

    # a field outside the full-text index is in the answer too
    emailed = await setup.other.customers.update_customer(renamed.id, renamed.version,
                                                          CustomerChanges(email="mr@example.it"))
    assert json.loads(await setup.search("ros"))[0]["email"] == "mr@example.it"

    await setup.other.customers.update_customer(emailed.id, emailed.version,
                                                CustomerChanges(phones=["+390699999999"]))
    assert json.loads(await setup.search("ros"))[0]["phones"] == ["+390699999999"]

    await setup.other.customers.create_customer(CustomerDraft(name="Rosa Bianchi"))
    assert sorted(names(await setup.search("ros"))) == ["Mario Rossetti", "Rosa Bianchi"]

    # a bulk load drops the tables' triggers while it runs; it raises the generation itself
    # (PostgreSQL has no bulk load yet: docs/ARCHITECTURE.md, Known debts)
    if Capability.BULK in setup.other.capabilities:
        await setup.other.bulk_load("customers", [{"name": "Rosalia Verdi"}])
        assert "Rosalia Verdi" in names(await setup.search("ros"))


async def test_only_a_column_a_search_reads_moves_the_search_generation(setup: Setup) -> None:
    store = setup.other
    assert isinstance(store, KeepsGenerations)

    async def moved(change: Any) -> bool:
        before = await store.generation("customer_search")
        await change()
        return await store.generation("customer_search") != before

    async def edit(**fields: Any) -> None:
        current = (await store.customers.search_customers("Mario"))[0]
        await store.customers.update_customer(current.id, current.version,
                                              CustomerChanges(**fields))

    assert await moved(lambda: store.customers.create_customer(CustomerDraft(name="Ada Neri")))
    for unread in ({"tags": ["vip"]}, {"language": "hu"},
                   {"consent": Consent(marketing=True, recording=True)}):
        assert not await moved(lambda unread=unread: edit(**unread)), unread
    for read in ({"name": "Mario Rossi Bis"}, {"company": "Rossi Srl"}, {"notes": "prefers mail"},
                 {"email": "mario@example.it"}, {"phones": ["+390611111111"]}):
        assert await moved(lambda read=read: edit(**read)), read


async def test_a_change_no_search_reads_rebuilds_the_answer_from_its_ids(setup: Setup) -> None:
    rossi = (await setup.other.customers.search_customers("Mario Rossi"))[0]
    assert json.loads(await setup.search("ros"))[0]["tags"] == []
    ranked = setup.client.app.fast_reads.ranked  # made with the first answer
    tagged = await setup.other.customers.update_customer(rossi.id, rossi.version,
                                                         CustomerChanges(tags=["vip"]))
    rebuilt = ranked.rebuilt
    # the answer is stale (its record changed), its ids are not: read by id, not searched
    answer = json.loads(await setup.search("ros"))
    assert [(c["name"], c["tags"], c["version"]) for c in answer] == [
        ("Mario Rossi", ["vip"], tagged.version)]
    assert ranked.rebuilt == rebuilt + 1
    # a name change may bring a customer in or out of any search: searched again
    verdi = await setup.other.customers.create_customer(CustomerDraft(name="Anna Verdi"))
    assert names(await setup.search("ros")) == ["Mario Rossi"]
    await setup.other.customers.update_customer(verdi.id, verdi.version,
                                                CustomerChanges(name="Anna Rosetti"))
    assert sorted(names(await setup.search("ros"))) == ["Anna Rosetti", "Mario Rossi"]
    assert ranked.rebuilt == rebuilt + 1


async def test_a_directory_change_shows_at_once(setup: Setup) -> None:
    assert names(await setup.directory()) == ["Sales"]
    hits = setup.cache.hits
    assert names(await setup.directory()) == ["Sales"]
    assert setup.cache.hits == hits + 1

    await setup.other.people.upsert_directory_entry(
        DirectoryEntry(name="Accounts", extension="202")
    )
    assert names(await setup.directory()) == ["Accounts", "Sales"]
    # a customer change leaves the directory's answer kept
    await setup.other.customers.create_customer(CustomerDraft(name="Anna Verdi"))
    hits = setup.cache.hits
    assert names(await setup.directory()) == ["Accounts", "Sales"]
    assert setup.cache.hits == hits + 1


async def test_a_kept_answer_still_needs_a_good_token(setup: Setup) -> None:
    await setup.search("ros")
    status, _headers, body = await setup.client.send(
        "POST", SEARCH, json.dumps({"q": "ros", "limit": 10}).encode(), token="not-a-token")
    assert status == 401
    assert b"Rossi" not in body


def test_the_cache_is_bounded_and_keys_answers_by_generation() -> None:
    cache = AnswerCache(max_entries=3, max_bytes=1600)
    cache.put(b"a", 1, b"A")
    assert cache.get(b"a", 1) == b"A"
    assert cache.get(b"a", 2) is None  # the tables changed since
    cache.put(b"a", 3, b"newer")
    cache.put(b"a", 2, b"older")  # a slower request, built before the newer one
    assert cache.get(b"a", 3) == b"newer"
    for key in (b"b", b"c", b"d"):
        cache.put(key, 1, key)
    assert len(cache) == 3 and cache.get(b"a", 3) is None  # the least recently used went
    cache.put(b"big", 1, b"x" * 98)  # with its key, over a sixteenth of the bytes: not kept
    assert cache.get(b"big", 1) is None
    for key in (b"e", b"f", b"g", b"h"):
        cache.put(key, 1, b"y" * 98)
    assert cache.get(b"b", 1) is None and cache.get(b"h", 1) == b"y" * 98
    cache.put(b"k" * 90, 1, b"z")  # keys count too
    cache.put(b"j" * 90, 1, b"z")
    assert len(cache) == 3


async def test_huge_search_bodies_do_not_grow_the_cache(setup: Setup) -> None:
    """Each body differs only in 200 kB of padding: kept by a digest of it, not by itself."""
    for n in range(5):
        body = b'{"q": "ros",' + b" " * (200_000 + n) + b'"limit": 10}'
        status, _headers, answer = await setup.client.send("POST", SEARCH, body)
        assert status == 200 and names(answer) == ["Mario Rossi"]
    assert setup.cache._bytes < 10_000  # answers of ~400 bytes and 16-byte keys


@pytest.mark.sqlite_only("`serve --workers 2` over one SQLite file; two servers on one "
                         "PostgreSQL: tests/postgres/test_two_servers.py")
def test_two_worker_processes_never_answer_from_an_old_state(tmp_path: Path) -> None:
    """The change is made through one worker and read through whichever worker answers: each
    keeps its own cache, so both must see it on their next request."""
    db = tmp_path / "server.db"
    tokens = provision(db, {"anna": Role.SUPERVISOR})
    server = ServerProcess(db, workers=2).start()
    try:
        headers = {"Authorization": f"Bearer {tokens['anna']}"}
        searches: list[Any] = []
        for round_ in range(8):
            # new connections, so the two workers both answer (the kernel spreads them)
            with httpx.Client(base_url=server.url, headers=headers, timeout=10) as http:
                created = http.post("/v1/customers", json={"name": f"Rossi {round_}"},
                                    headers={"Idempotency-Key": f"k{round_}"})
                assert created.status_code == 201, created.text
            for _attempt in range(6):
                with httpx.Client(base_url=server.url, headers=headers, timeout=10) as http:
                    found = http.post(SEARCH, json={"q": "rossi", "limit": 50})
                    assert found.status_code == 200, found.text
                    searches.append(found.json())
                    assert len(found.json()) == round_ + 1, (round_, found.json())
        assert len(searches) == 48
    finally:
        server.stop()
