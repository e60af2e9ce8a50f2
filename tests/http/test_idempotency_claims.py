"""Idempotency keys are claimed before the request runs, on the real server over each store.

A claim (a pending idempotency record: in SQLite's side file, in PostgreSQL's database) held by
another server process turns a second request with the same key into 409 "still in progress";
the tests that need such a claim write the record themselves, exactly as another worker of
`centralino serve --workers 2` (or another server on the same PostgreSQL) would, because which
worker takes a connection is up to the kernel. The SQLite-only test runs two real workers on
one file and races real requests."""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from backends.calls.inputs import CallDraft
from backends.people.models import Role
from backends.server.idempotency import DEFAULT_PENDING_TTL, PENDING, request_hash
from tests.http.conftest import ROLE_NAMES, Site, gather_bounded
from tests.http.harness import ServerProcess, provision

ROUNDS = 30
IN_PROGRESS = "a request with this Idempotency-Key is still in progress; retry later"


def _claim_as_another_worker(site: Site, operator: str, key: str, body: bytes,
                             age: float = 0.0) -> None:
    site.idempotency_sql(
        "INSERT INTO server_idempotency (operator, key, request_hash, status, headers, body, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [operator, key, request_hash("POST", "/v1/tickets", body), PENDING,
         json.dumps({"claim": "other-worker"}), b"", time.time() - age])


def _rows(site: Site, key: str) -> list[tuple[int, str]]:
    return [(row[0], row[1]) for row in site.idempotency_sql(
        "SELECT status, request_hash FROM server_idempotency WHERE key = ?", [key])]


def _ticket_count(site: Site, subject: str) -> int:
    return int(site.sql("SELECT COUNT(*) FROM tickets WHERE subject = ?", [subject])[0][0])


async def test_a_key_claimed_elsewhere_gets_409_then_422_for_another_body(site: Site) -> None:
    body = b'{"subject": "Claimed elsewhere"}'
    _claim_as_another_worker(site, ROLE_NAMES[Role.OPERATOR], "busy-key", body)
    headers = {"Idempotency-Key": "busy-key", "Content-Type": "application/json"}
    async with site.client(Role.OPERATOR) as http:
        same = await http.post("/v1/tickets", content=body, headers=headers)
        other = await http.post("/v1/tickets", content=b'{"subject": "Else"}', headers=headers)
    assert same.status_code == 409
    assert same.json() == {"code": "conflict", "message": IN_PROGRESS}
    assert other.status_code == 422 and other.json()["field"] == "Idempotency-Key"
    assert _ticket_count(site, "Claimed elsewhere") == 0  # the request never ran


async def test_a_claim_left_by_a_crashed_worker_expires(site: Site) -> None:
    body = b'{"subject": "After a crash"}'
    _claim_as_another_worker(site, ROLE_NAMES[Role.OPERATOR], "orphan", body,
                             age=DEFAULT_PENDING_TTL + 5)
    headers = {"Idempotency-Key": "orphan", "Content-Type": "application/json"}
    async with site.client(Role.OPERATOR) as http:
        first = await http.post("/v1/tickets", content=body, headers=headers)
        again = await http.post("/v1/tickets", content=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers["Idempotent-Replayed"] == "true"
    assert _ticket_count(site, "After a crash") == 1
    assert [status for status, _ in _rows(site, "orphan")] == [201]


async def test_a_failed_request_releases_its_claim(site: Site) -> None:
    headers = {"Idempotency-Key": "lost-race"}
    async with site.client(Role.SUPERVISOR) as boss, site.client(Role.OPERATOR) as http:
        call = (await boss.post("/v1/calls", json=CallDraft(caller="+390612345678")
                                .model_dump(mode="json"))).json()
        assert (await boss.post(f"/v1/calls/{call['id']}/claim",
                                json={"operator": "supervisor1"})).status_code == 200
        path = f"/v1/calls/{call['id']}/claim"
        first = await http.post(path, json={"operator": "operator1"}, headers=headers)
        assert _rows(site, "lost-race") == []  # no claim left behind
        retry = await http.post(path, json={"operator": "operator1"}, headers=headers)
    assert first.status_code == retry.status_code == 409
    assert retry.json()["message"] != IN_PROGRESS  # the retry ran: the business answer again


def _file_ticket_count(db_path: Path, subject: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM tickets WHERE subject = ?",
                                [subject]).fetchone()[0])


@pytest.mark.sqlite_only("`serve --workers 2` over one SQLite file; two servers on one "
                         "PostgreSQL race claims in tests/postgres/test_two_servers.py")
async def test_two_workers_race_one_key_into_one_ticket(tmp_path: Path) -> None:
    db_path = tmp_path / "site.db"
    token = (await asyncio.to_thread(provision, db_path, {"operator1": Role.OPERATOR}))[
        "operator1"]
    server = await asyncio.to_thread(ServerProcess(db_path, workers=2).start)
    auth = {"Authorization": f"Bearer {token}"}
    # one connection per client, opened one at a time while both workers are idle: the kernel
    # wakes both and either may take it, so the pairs below often straddle the two workers
    clients = [httpx.AsyncClient(base_url=server.url, headers=auth, timeout=30.0,
                                 limits=httpx.Limits(max_connections=1)) for _ in range(8)]
    answers: list[tuple[httpx.Response, httpx.Response]] = []
    try:
        for client in clients:
            assert (await client.get("/healthz")).status_code == 200
            await asyncio.sleep(0.02)
        for n in range(ROUNDS):
            one, two = random.sample(clients, 2)
            request = {"json": {"subject": f"Pair {n}"}, "headers": {"Idempotency-Key": f"k{n}"}}
            pair = await gather_bounded(one.post("/v1/tickets", **request),
                                        two.post("/v1/tickets", **request), timeout=30)
            assert all(isinstance(a, httpx.Response) for a in pair), pair
            answers.append((pair[0], pair[1]))  # type: ignore[arg-type]
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
        await asyncio.to_thread(server.stop)
    for n, (one, two) in enumerate(answers):
        assert _file_ticket_count(db_path, f"Pair {n}") == 1
        statuses = sorted([one.status_code, two.status_code])
        assert statuses in ([201, 201], [201, 409]), (one.text, two.text)
        if statuses == [201, 201]:
            assert one.json()["id"] == two.json()["id"]  # the second one replayed
        else:
            loser = one if one.status_code == 409 else two
            assert loser.json()["message"] == IN_PROGRESS


async def test_a_write_whose_answer_died_with_its_worker_is_not_run_again(site: Site) -> None:
    """A worker killed after the write committed and before it stored the answer leaves its
    pending claim, which expires; the retry then finds the write's own mark in the database
    (backends/applied_once.py) and gets 409, instead of writing a second ticket. The state
    such a worker leaves is written into the side file directly (killing a worker between two
    statements cannot be timed from outside)."""
    body = b'{"subject": "Answer lost"}'
    headers = {"Idempotency-Key": "died", "Content-Type": "application/json"}
    operator = ROLE_NAMES[Role.OPERATOR]
    async with site.client(Role.OPERATOR) as http:
        first = await http.post("/v1/tickets", content=body, headers=headers)
        assert first.status_code == 201
        # as if the answer had never been stored
        site.idempotency_sql("DELETE FROM server_idempotency WHERE key = 'died'")
        _claim_as_another_worker(site, operator, "died", body,
                                 age=DEFAULT_PENDING_TTL + 5)
        retry = await http.post("/v1/tickets", content=body, headers=headers)
        again = await http.post("/v1/tickets", content=body, headers=headers)
        fresh = await http.post("/v1/tickets", content=body,
                                headers={**headers, "Idempotency-Key": "died-2"})
    assert retry.status_code == again.status_code == 409
    assert "already carried out" in retry.json()["message"]
    assert _ticket_count(site, "Answer lost") == 2  # the first, and the new key's
    assert fresh.status_code == 201
