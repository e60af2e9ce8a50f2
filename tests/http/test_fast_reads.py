"""The fast path for the hottest reads (backends/server/fast_reads.py) answers exactly as the
FastAPI routes do: every request below is sent twice to the same app on a real SQLite file,
with the fast path on and off, and status, headers and body must be the same byte for byte,
on each store (a SQLite file, a database of the run's PostgreSQL).
The requests the fast path must take itself are counted, so the comparison cannot pass by
everything quietly falling through to FastAPI. In-process ASGI calls (the socket adds
nothing to what is compared; test_process.py and the conformance suite cover uvicorn)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry, Role
from backends.tickets.inputs import TicketDraft, TicketEntryDraft
from tests.http.asgi_client import Client
from tests.http.conftest import fresh_store
from tests.http.harness import make_app, provision

SEARCH = "/v1/customers/search"


@pytest.fixture
async def client(tmp_path: Path, request: pytest.FixtureRequest,
                 site_store: str) -> AsyncIterator[Client]:
    db, _roles = await asyncio.to_thread(fresh_store, request, site_store, tmp_path)
    tokens = await asyncio.to_thread(provision, db, {"anna": Role.OPERATOR})
    app = make_app(db)
    async with app.router.lifespan_context(app):
        store = app.state.ctx.backend
        rossi = await store.customers.create_customer(CustomerDraft(name="Mario Rossi",
                                                          phones=["+390612345678"]))
        await store.customers.create_customer(CustomerDraft(name="Maria Rossini",
                                                          email="m@example.it"))
        ticket = await store.tickets.create_ticket(TicketDraft(customer_id=rossi.id,
                                                       subject="Fattura <b>doppia</b>"))
        await store.tickets.add_ticket_entry(ticket.id, TicketEntryDraft(body="chiamato \x1b[31m"))
        for n in range(55):  # more than a list's default limit (50)
            await store.tickets.create_ticket(TicketDraft(customer_id=rossi.id,
                                                          subject=f"Guasto {n}"))
        await store.people.upsert_directory_entry(DirectoryEntry(name="Sales", extension="201"))
        ready = Client(app, tokens["anna"])
        assert (await ready.send("GET", "/healthz"))[0] == 200  # builds the middleware stack
        yield ready


def search(body: Any) -> bytes:
    return json.dumps(body).encode() if not isinstance(body, bytes) else body


# (method, path, body, options, taken by the fast path)
CASES: list[tuple[str, str, bytes, dict[str, Any], bool]] = [
    ("GET", "/v1/customers/1", b"", {}, True),
    ("GET", "/v1/customers/007", b"", {}, False),  # leading zeros: FastAPI decides
    ("GET", "/v1/customers/999", b"", {}, False),  # 404
    ("GET", "/v1/customers/0", b"", {}, False),
    ("GET", "/v1/customers/abc", b"", {}, False),
    ("GET", "/v1/customers/\uff11", b"", {}, False),  # a full-width digit
    ("GET", "/v1/customers/99999999999999999999", b"", {}, False),
    ("GET", "/v1/customers/1", b"", {"token": None}, False),  # 401
    ("GET", "/v1/customers/1", b"", {"token": "not-a-token"}, False),
    ("HEAD", "/v1/customers/1", b"", {}, False),
    ("GET", "/v1/tickets/1", b"", {}, True),
    ("GET", "/v1/tickets/1/entries", b"", {}, True),
    ("GET", "/v1/tickets/999/entries", b"", {}, False),
    ("GET", "/v1/tickets?customer_id=1", b"", {}, True),
    ("GET", "/v1/tickets?customer_id=1&limit=5", b"", {}, True),
    ("GET", "/v1/tickets", b"", {}, True),
    ("GET", "/v1/tickets?limit=0", b"", {}, False),
    ("GET", "/v1/tickets?limit=1001", b"", {}, False),
    ("GET", "/v1/tickets?customer_id=x", b"", {}, False),
    ("GET", "/v1/tickets?customer_id=1&customer_id=2", b"", {}, False),
    ("GET", "/v1/tickets?status=new", b"", {}, False),
    ("GET", "/v1/tickets?unknown=1", b"", {}, False),
    ("GET", "/v1/directory", b"", {}, True),
    ("GET", "/v1/directory?q=Sa", b"", {}, True),
    ("GET", "/v1/directory?q=caf%C3%A8+bar", b"", {}, True),
    ("GET", "/v1/directory?q=" + "x" * 201, b"", {}, False),
    ("POST", SEARCH, search({"q": "ros", "limit": 5}), {}, True),
    ("POST", SEARCH, search({"q": "Rossi"}), {}, True),
    ("POST", SEARCH, search({"q": "+39 06 1234 5678"}), {}, True),
    ("POST", SEARCH, search({"q": '"NEAR AND *', "limit": 3}), {}, True),
    ("POST", SEARCH, search({"q": "ros", "limit": "7"}), {}, True),
    ("POST", SEARCH, search({"q": "ros", "limit": True}), {}, True),  # as FastAPI: limit 1
    ("POST", SEARCH, search({"q": "ros", "limit": 0}), {}, False),
    ("POST", SEARCH, search({"q": 5}), {}, False),
    ("POST", SEARCH, search({"q": "ros", "extra": 1}), {}, False),  # unknown field: 422
    ("POST", SEARCH, b"{not json", {}, False),
    ("POST", SEARCH, b"", {}, False),
    ("POST", SEARCH, search({"q": "ros"}), {"content_type": "text/plain"}, False),
    ("POST", SEARCH, search({"q": "ros"}), {"content_type": "application/json; charset=utf-8"},
     True),
    ("POST", SEARCH, search({"q": "ros"}), {"token": None}, False),
]


class AccessLines(logging.Handler):
    """The access log's lines without their time and duration (all else must match)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = json.loads(record.getMessage())
        del line["ts"], line["ms"]
        self.lines.append(line)


@pytest.fixture
def access_lines() -> Iterator[AccessLines]:
    logger = logging.getLogger("centralino.access")
    handler, level = AccessLines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_the_fast_path_answers_as_fastapi_does(client: Client,
                                                     access_lines: AccessLines) -> None:
    fast = client.app.fast_reads
    for method, path, body, options, taken in CASES:
        before = fast.answered
        fast.enabled = True
        quick = await client.send(method, path, body, **options)
        took = fast.answered - before
        fast.enabled = False
        slow = await client.send(method, path, body, **options)
        assert quick == slow, (method, path, body, options)
        assert took == int(taken), (method, path, body, options, quick[0])
        # the same access-log line: route template, status, operator
        assert access_lines.lines[-2] == access_lines.lines[-1], (method, path)
    assert {"path": "/v1/customers/{customer_id}", "method": "GET", "status": 200,
            "operator": "anna"} in access_lines.lines


async def test_an_unexpected_error_gets_fastapis_answer(
        client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(customer_id: int) -> object:
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(client.app.state.ctx.backend.customers, "get_customer", broken)
    fast = client.app.fast_reads
    answers = []
    for enabled in (True, False):
        fast.enabled = enabled
        answers.append(await client.send("GET", "/v1/customers/1", raising=False))
    assert answers[0] == answers[1]
    assert answers[0][0] == 500 and json.loads(answers[0][2])["code"] == "internal"
    assert fast.answered == 0


async def test_below_a_root_path_fastapi_decides(client: Client) -> None:
    fast = client.app.fast_reads
    answers = []
    for enabled in (True, False):
        fast.enabled = enabled
        answers.append(await client.send("GET", "/v1/customers/1", root_path="/v1"))
    assert answers[0] == answers[1] and fast.answered == 0


async def test_found_records_carry_their_etag(client: Client) -> None:
    status, headers, body = await client.send("GET", "/v1/customers/1")
    assert status == 200 and (b"etag", b'"1"') in headers
    assert json.loads(body)["name"] == "Mario Rossi"
