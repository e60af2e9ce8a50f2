"""The operator's use cases over HTTP: each one request (so a dropped connection cannot leave
half of it done), with the checks of the requests it replaces (roles, acting as oneself, who
holds the call, the author of a note) and the write conventions (Idempotency-Key replays;
the ticket save takes its version as If-Match like PATCH: 428 without, 412 when stale).

What each use case does to the store is the conformance suite's
(tests/conformance/test_call_use_cases.py, test_ticket_save.py), run on http too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.http import HttpBackend
from backends.people.models import Disposition, Presence, Role
from backends.tickets.inputs import TicketChanges, TicketDraft, TicketEntryDraft
from backends.tickets.models import EntryKind
from tests.http.conftest import ROLE_NAMES, Site

ME = ROLE_NAMES[Role.OPERATOR]
OTHER = ROLE_NAMES[Role.RECEPTIONIST]
OUTCOME = "SOLVED_HTTP"


class CountingTransport(httpx.AsyncBaseTransport):
    """The real transport, counting the requests that reach the server."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.requests: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
async def counted(site: Site) -> AsyncIterator[tuple[HttpBackend, CountingTransport]]:
    transport = CountingTransport()
    backend = site.backend(Role.OPERATOR, transport=transport)
    await backend.open()
    yield backend, transport
    await backend.close()


async def test_each_use_case_is_one_request(
        admin: HttpBackend, counted: tuple[HttpBackend, CountingTransport]) -> None:
    me, sent = counted
    await admin.people.upsert_disposition(Disposition(code=OUTCOME, label="Solved"))
    waiting = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    ticket = await admin.tickets.create_ticket(TicketDraft(subject="Router", body="first"))
    sent.requests.clear()
    await me.calls.answer_call(waiting.id, ME)
    await me.calls.end_call(waiting.id, ME)
    await me.calls.finish_call(waiting.id, ME, OUTCOME)
    saved, entries = await me.tickets.save_ticket(
        ticket.id, ticket.version, TicketChanges(subject="Router, again"),
        TicketEntryDraft(kind=EntryKind.NOTE, body="called back"))
    assert sent.requests == [("POST", f"/v1/calls/{waiting.id}/answer"),
                             ("POST", f"/v1/calls/{waiting.id}/end"),
                             ("POST", f"/v1/calls/{waiting.id}/finish"),
                             ("POST", f"/v1/tickets/{ticket.id}/save")]
    assert (await admin.calls.get_call(waiting.id)).state is CallState.DONE
    assert (await admin.people.get_operator(ME)).presence is Presence.AVAILABLE
    assert saved.subject == "Router, again"
    assert [(e.body, e.author) for e in entries][-1] == ("called back", ME)  # author: the caller


async def test_answering_the_queue_head_is_one_request(
        admin: HttpBackend, counted: tuple[HttpBackend, CountingTransport]) -> None:
    me, sent = counted
    first = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    sent.requests.clear()
    assert (await me.calls.answer_call(None, ME)).id == first.id
    assert sent.requests == [("POST", "/v1/queue/answer")]


async def test_a_retried_answer_replays_and_claims_nothing_twice(
        site: Site, admin: HttpBackend) -> None:
    waiting = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    headers = {"Idempotency-Key": "answer-once"}
    async with site.client(Role.OPERATOR) as http:
        first = await http.post(f"/v1/calls/{waiting.id}/answer", json={"operator": ME},
                                headers=headers)
        again = await http.post(f"/v1/calls/{waiting.id}/answer", json={"operator": ME},
                                headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert first.headers["ETag"] == f'"{first.json()["version"]}"'
    claims = [e for e in await admin.feed.read_events(0) if e.kind == "call.claimed"]
    assert len(claims) == 1


async def test_the_ticket_save_needs_if_match_and_answers_412_when_stale(
        site: Site, admin: HttpBackend) -> None:
    ticket = await admin.tickets.create_ticket(TicketDraft(subject="Router", body="first"))
    theirs = await admin.tickets.update_ticket(
        ticket.id, ticket.version, TicketChanges(subject="Theirs")
    )
    body = {"changes": {"subject": "Mine"}, "note": {"kind": "note", "body": "mine too"}}
    path = f"/v1/tickets/{ticket.id}/save"
    async with site.client(Role.OPERATOR) as http:
        missing = await http.post(path, json=body)
        stale = await http.post(path, json=body, headers={"If-Match": f'"{ticket.version}"'})
        fresh = await http.post(path, json=body, headers={"If-Match": f'"{theirs.version}"'})
    assert missing.status_code == 428 and missing.json()["field"] == "If-Match"
    assert stale.status_code == 412 and stale.json()["current"]["subject"] == "Theirs"
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] == f'"{fresh.json()["ticket"]["version"]}"'
    assert [e["body"] for e in fresh.json()["entries"]] == ["first", "mine too"]


async def test_a_worker_answers_only_as_themselves(site: Site, admin: HttpBackend) -> None:
    waiting = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    async with site.client(Role.OPERATOR) as http:
        as_other = await http.post(f"/v1/calls/{waiting.id}/answer", json={"operator": OTHER})
        head_as_other = await http.post("/v1/queue/answer", json={"operator": OTHER})
    async with site.client(Role.TRAINER) as http:
        trainer = await http.post(f"/v1/calls/{waiting.id}/answer",
                                  json={"operator": ROLE_NAMES[Role.TRAINER]})
    assert as_other.status_code == head_as_other.status_code == trainer.status_code == 403
    assert (await admin.calls.get_call(waiting.id)).state is CallState.WAITING


async def test_a_worker_ends_and_finishes_only_calls_they_hold(
        site: Site, admin: HttpBackend) -> None:
    await admin.people.upsert_disposition(Disposition(code=OUTCOME, label="Solved"))
    theirs = await admin.calls.answer_call(
        (await admin.calls.create_call(CallDraft(caller="+390612345678"))).id, OTHER)
    async with site.client(Role.OPERATOR) as http:
        end = await http.post(f"/v1/calls/{theirs.id}/end", json={"operator": ME})
        await admin.calls.end_call(theirs.id, OTHER)
        finish = await http.post(f"/v1/calls/{theirs.id}/finish",
                                 json={"operator": ME, "disposition": OUTCOME})
    assert end.status_code == finish.status_code == 403
    assert (await admin.calls.get_call(theirs.id)).state is CallState.WRAP_UP
    assert (await admin.people.get_operator(ME)).presence is not Presence.WRAP_UP
    async with site.client(Role.SUPERVISOR) as http:  # a supervisor may, for the holder
        done = await http.post(f"/v1/calls/{theirs.id}/finish",
                               json={"operator": OTHER, "disposition": OUTCOME})
    assert done.status_code == 200 and done.json()["state"] == "done"


async def test_the_note_of_a_save_follows_the_rules_of_a_note(
        site: Site, admin: HttpBackend) -> None:
    ticket = await admin.tickets.create_ticket(TicketDraft(subject="Router", body="first"))
    headers = {"If-Match": f'"{ticket.version}"'}
    path = f"/v1/tickets/{ticket.id}/save"
    async with site.client(Role.OPERATOR) as http:
        other_author = await http.post(path, headers=headers, json={
            "changes": {"subject": "x"}, "note": {"kind": "note", "author": OTHER, "body": "y"}})
        system = await http.post(path, headers=headers, json={
            "changes": {"subject": "x"}, "note": {"kind": "system", "body": "y"}})
    async with site.client(Role.TRAINER) as http:
        trainer = await http.post(path, headers=headers, json={"changes": {"subject": "x"}})
    assert other_author.status_code == 403 and trainer.status_code == 403
    assert system.status_code == 422 and system.json()["field"] == "kind"
    assert await admin.tickets.get_ticket(ticket.id) == ticket
    assert len(await admin.tickets.list_ticket_entries(ticket.id)) == 1
