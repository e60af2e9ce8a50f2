"""Idempotency-Key: a write retried after a lost response happens once.

The fault injector below is a real httpx transport that forwards each request to the real
server and then, once, throws the answer away and raises ReadTimeout — exactly what a client
sees when the network drops a response after the server committed."""

from __future__ import annotations

import asyncio

import httpx

from backends.calls.inputs import CallDraft
from backends.http import HttpBackend
from backends.people.models import Role
from backends.tickets.inputs import TicketDraft
from tests.http.conftest import Site


class LoseOneResponse(httpx.AsyncBaseTransport):
    """Forward every request; for the first one matching (method, path), drop the response."""

    def __init__(self, method: str, path: str) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.target = (method, path)
        self.seen: list[httpx.Request] = []
        self.dropped = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if (request.method, request.url.path) == self.target:
            self.seen.append(request)
            if not self.dropped:
                self.dropped += 1
                await response.aread()
                await response.aclose()
                raise httpx.ReadTimeout("injected: response lost", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_create_retried_after_lost_response_makes_one_ticket(site: Site,
                                                                    admin: HttpBackend) -> None:
    faults = LoseOneResponse("POST", "/v1/tickets")
    backend = site.backend(Role.OPERATOR, transport=faults)
    await backend.open()
    try:
        ticket = await backend.tickets.create_ticket(TicketDraft(subject="Printer on fire"))
    finally:
        await backend.close()
    assert faults.dropped == 1 and len(faults.seen) == 2
    keys = {r.headers["Idempotency-Key"] for r in faults.seen}
    assert len(keys) == 1  # the retry carried the same key
    stored = await admin.tickets.search_tickets("Printer on fire")
    assert [t.id for t in stored] == [ticket.id]
    assert await admin.tickets.get_ticket(ticket.id) == ticket


async def test_claim_retried_after_lost_response_is_not_a_conflict(site: Site,
                                                                   admin: HttpBackend) -> None:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    faults = LoseOneResponse("POST", f"/v1/calls/{call.id}/claim")
    backend = site.backend(Role.OPERATOR, transport=faults)
    await backend.open()
    try:
        claimed = await backend.calls.claim_call(call.id, "operator1")  # replayed, not 409
    finally:
        await backend.close()
    assert faults.dropped == 1 and claimed.operator == "operator1"


async def test_replay_is_byte_identical_and_marked(site: Site) -> None:
    body = {"subject": "Same key twice"}
    headers = {"Idempotency-Key": "k-123"}
    async with site.client(Role.OPERATOR) as http:
        first = await http.post("/v1/tickets", json=body, headers=headers)
        again = await http.post("/v1/tickets", json=body, headers=headers)
        other_body = await http.post("/v1/tickets", json={"subject": "Else"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert other_body.status_code == 422 and other_body.json()["field"] == "Idempotency-Key"


async def test_keys_are_scoped_per_operator(site: Site, admin: HttpBackend) -> None:
    headers = {"Idempotency-Key": "shared-key"}
    async with site.client(Role.OPERATOR) as one, site.client(Role.SUPERVISOR) as two:
        a = await one.post("/v1/tickets", json={"subject": "Same"}, headers=headers)
        b = await two.post("/v1/tickets", json={"subject": "Same"}, headers=headers)
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]
    assert b.headers.get("Idempotent-Replayed") is None


async def test_concurrent_requests_with_one_key_run_once(site: Site, admin: HttpBackend) -> None:
    headers = {"Idempotency-Key": "burst"}
    async with site.client(Role.OPERATOR) as http:
        answers = await asyncio.gather(*(http.post("/v1/tickets", json={"subject": "Burst"},
                                                   headers=headers) for _ in range(10)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(await admin.tickets.search_tickets("Burst")) == 1
