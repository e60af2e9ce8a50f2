"""Every list and string a request may carry is bounded, and no request, however shaped within
the body limit, holds the server's loop long enough to delay another one noticeably.

Real server on 127.0.0.1 (the session's uvicorn), real SQLite file. The latency test sends the
worst bodies the bounds allow, and bodies far past them (100,000 tags once held a worker for
99.5 s, /healthz included), while another connection asks /healthz every few milliseconds."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from backends import model_base as models
from backends import phones
from backends.people.models import Role
from backends.wire.core import MAX_BODY_BYTES
from backends.wire.customers import PHONE_LOOKUP_MAX
from backends.wire.search import SEARCH_MAX
from tests.http.conftest import ROLE_NAMES, Site

HEALTHZ_WITHIN = 0.1  # seconds: the most a /healthz may wait behind any other request
PROBE_EVERY = 0.005
RUN_BOUND = 60.0  # the whole latency run, whatever the server does
JSON = {"Content-Type": "application/json"}


def _words(characters: int) -> str:
    """Distinct words, `characters` long: the most work for the full-text index."""
    out, n = [], 0
    while sum(map(len, out)) + len(out) < characters:
        out.append(f"w{n:x}")
        n += 1
    return " ".join(out)[:characters]


def _phones(count: int) -> list[str]:
    return [f"+39 06 {4000000 + i * 7919:08d}" for i in range(count)]


def _tags(count: int, length: int = models.TAG_MAX_LENGTH) -> list[str]:
    return [f"{i:0{length}d}" for i in range(count)]


def _worst_allowed_customer() -> dict[str, object]:
    return {"name": "N" * 200, "company": "C" * 200, "phones": _phones(models.MAX_PHONES),
            "email": "a" * 240 + "@example.com", "tags": _tags(models.MAX_TAGS),
            "notes": _words(20000)}


def _worst_allowed_ticket() -> dict[str, object]:
    return {"subject": _words(300), "body": _words(100000), "tags": _tags(models.MAX_TAGS)}


def _too_many_tags() -> dict[str, object]:
    """As many short distinct tags as fit in the body limit: quadratic checks took minutes."""
    count = (MAX_BODY_BYTES - 1000) // 10  # "t123456",
    return {"name": "Many Tags", "tags": [f"t{i}" for i in range(count)]}


async def _probe(url: str, latencies: list[float], stop: asyncio.Event) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=RUN_BOUND) as http:
        await http.get("/healthz")  # the connection is open before timing starts
        while not stop.is_set():
            start = time.perf_counter()
            response = await http.get("/healthz")
            latencies.append(time.perf_counter() - start)
            assert response.status_code == 200
            await asyncio.sleep(PROBE_EVERY)


async def test_healthz_answers_at_once_while_the_worst_bodies_are_handled(site: Site) -> None:
    latencies: list[float] = []
    stop = asyncio.Event()
    durations: dict[str, float] = {}
    async with site.client(Role.ADMIN) as http:
        http.timeout = httpx.Timeout(RUN_BOUND)
        ticket = await http.post("/v1/tickets", json={"subject": "host"})
        assert ticket.status_code == 201
        requests = [  # (what, path, body, the status it gets)
            ("customer, every list and string at its bound", "/v1/customers",
             _worst_allowed_customer(), 201),
            ("ticket, every list and string at its bound", "/v1/tickets",
             _worst_allowed_ticket(), 201),
            ("ticket entry at its bound", f"/v1/tickets/{ticket.json()['id']}/entries",
             {"body": _words(100000)}, 201),
            ("customer with a megabyte of tags", "/v1/customers", _too_many_tags(), 422),
            ("search of a megabyte", "/v1/customers/search", {"q": "Rossi " * 170000}, 422),
            ("phone lookup of a megabyte", "/v1/customers/by-phone",
             {"number": "3" * 10**6}, 422),
        ]
        # encoded now: encoding a megabyte in this loop would delay the probe, not the server
        encoded = [(what, path, json.dumps(body, separators=(",", ":")).encode(), status)
                   for what, path, body, status in requests]
        assert all(len(content) <= MAX_BODY_BYTES for _w, _p, content, _s in encoded)
        probe = asyncio.create_task(_probe(site.url, latencies, stop))
        try:
            async with asyncio.timeout(RUN_BOUND):
                await asyncio.sleep(0.05)
                for what, path, content, status in encoded:
                    start = time.perf_counter()
                    response = await http.post(path, content=content, headers=JSON)
                    durations[what] = time.perf_counter() - start
                    assert response.status_code == status, (what, response.text[:300])
                await asyncio.sleep(0.05)
        finally:
            stop.set()
            await probe
    print({what: round(seconds, 4) for what, seconds in durations.items()},
          f"healthz: {len(latencies)} probes, worst {max(latencies) * 1000:.1f} ms")
    assert len(latencies) >= 5
    assert max(latencies) < HEALTHZ_WITHIN, (sorted(latencies)[-5:], durations)


OVER_LIMIT = [
    # (method, path, body, field, limit)
    ("POST", "/v1/customers", {"name": "A", "tags": _tags(models.MAX_TAGS + 1, 3)},
     "tags", models.MAX_TAGS),
    ("POST", "/v1/customers", {"name": "A", "phones": _phones(models.MAX_PHONES + 1)},
     "phones", models.MAX_PHONES),
    ("POST", "/v1/tickets", {"subject": "S", "tags": _tags(models.MAX_TAGS + 1, 3)},
     "tags", models.MAX_TAGS),
    ("PATCH", "/v1/customers/1", {"tags": _tags(5000, 3)}, "tags", models.MAX_TAGS),
    ("PATCH", "/v1/customers/1", {"phones": ["1"] * 5000}, "phones", models.MAX_PHONES),
    ("PATCH", "/v1/tickets/1", {"tags": _tags(5000, 3)}, "tags", models.MAX_TAGS),
    ("PATCH", "/v1/calls/1", {"ticket_ids": list(range(1, 5000))}, "ticket_ids",
     models.MAX_LINKED_TICKETS),
    ("PUT", f"/v1/operators/{ROLE_NAMES[Role.OPERATOR]}",
     {"name": ROLE_NAMES[Role.OPERATOR], "languages": ["en"] * 500}, "languages",
     models.MAX_LANGUAGES),
    ("POST", "/v1/customers/search", {"q": "x" * (SEARCH_MAX + 1)}, "q", SEARCH_MAX),
    ("POST", "/v1/tickets/search", {"q": "x" * (SEARCH_MAX + 1)}, "q", SEARCH_MAX),
    ("POST", "/v1/customers/by-phone", {"number": "3" * (PHONE_LOOKUP_MAX + 1)}, "number",
     PHONE_LOOKUP_MAX),
    ("POST", "/v1/customers", {"name": "A", "phones": ["3" * 5000]}, "phones",
     phones.MAX_INPUT_LENGTH),
    ("POST", "/v1/tickets", {"subject": "S", "author": "a" * 41}, "author", 40),
    ("POST", "/v1/customers", {"name": "A", "code": "C" * 41}, "code", 40),
]


@pytest.mark.parametrize(("method", "path", "body", "field", "limit"), OVER_LIMIT,
                         ids=[f"{m} {p} {f}" for m, p, _b, f, _l in OVER_LIMIT])
async def test_over_the_bound_is_refused_naming_the_field_and_the_bound(
        site: Site, method: str, path: str, body: dict[str, object], field: str,
        limit: int) -> None:
    async with site.client(Role.ADMIN) as http:
        response = await http.request(method, path, json=body, headers={"If-Match": '"1"'})
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["code"] == "invalid"
    assert error["field"] == field, error
    assert str(limit) in error["message"], error


async def test_too_many_ticket_statuses_in_a_query_are_refused(site: Site) -> None:
    async with site.client(Role.ADMIN) as http:
        response = await http.get("/v1/tickets", params=[("status", "new")] * 2000)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "status"


def test_duplicate_checks_are_linear() -> None:
    """Within the bounds and past them, as the stores and the client validate too."""
    many = [f"t{i}" for i in range(40_000)]  # the old list-based check: ~8 s
    start = time.perf_counter()
    assert models.check_tags(many + many) == many
    assert time.perf_counter() - start < 0.5
