"""Who may do what: 401 without a valid token, 403 for a role or a name that is not yours,
2xx for what the role allows (the table in backends/server/policy.py), checked on the wire."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import Direction
from backends.customers.inputs import CustomerDraft
from backends.http import HttpBackend
from backends.people.models import Role
from tests.http.conftest import ROLE_NAMES, Site

ALL = frozenset(Role)
PEOPLE = ALL - {Role.MAILER}  # the mail worker is a program: it dials nobody
WORKERS = frozenset({Role.OPERATOR, Role.RECEPTIONIST, Role.SUPERVISOR, Role.ADMIN})
MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})

# (what, allowed roles, setup(admin, me) → (method, path, json body))
Setup = Callable[[HttpBackend, str], Awaitable[tuple[str, str, Any]]]


async def _read_customer(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    customer = await admin.customers.create_customer(CustomerDraft(name="Mario Rossi"))
    return "GET", f"/v1/customers/{customer.id}", None


async def _create_customer(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/customers", {"name": "Anna Bianchi"}


async def _inbound_call(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/calls", {"caller": "+390612345678"}


async def _outbound_call(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/calls", {"caller": "+390612345678", "direction": "outbound"}


async def _claim_as_me(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    return "POST", f"/v1/calls/{call.id}/claim", {"operator": me}


async def _claim_for_other(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    other = "operator1" if me != "operator1" else "receptionist1"
    return "POST", f"/v1/calls/{call.id}/claim", {"operator": other}


async def _answer_as_me(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    return "POST", f"/v1/calls/{call.id}/answer", {"operator": me}


async def _answer_for_other(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    other = "operator1" if me != "operator1" else "receptionist1"
    return "POST", f"/v1/calls/{call.id}/answer", {"operator": other}


async def _end_others_call_in_one_step(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    other = "operator1" if me != "operator1" else "receptionist1"
    await admin.calls.claim_call(call.id, other)
    return "POST", f"/v1/calls/{call.id}/end", {"operator": me}


async def _end_others_call(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678",
                                                   direction=Direction.INBOUND))
    other = "operator1" if me != "operator1" else "receptionist1"
    await admin.calls.claim_call(call.id, other)
    return "POST", f"/v1/calls/{call.id}/state", {"state": "wrap_up"}


async def _own_presence(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "PUT", f"/v1/operators/{me}/presence", {"presence": "available"}


async def _others_presence(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    other = "operator1" if me != "operator1" else "receptionist1"
    return "PUT", f"/v1/operators/{other}/presence", {"presence": "available"}


async def _own_heartbeat(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", f"/v1/operators/{me}/heartbeat", {"every": 20}


async def _others_heartbeat(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    other = "operator1" if me != "operator1" else "receptionist1"
    return "POST", f"/v1/operators/{other}/heartbeat", {"every": 20}


async def _add_operator(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "PUT", "/v1/operators/newbie", {"name": "newbie", "role": "operator"}


async def _grant_admin(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "PUT", "/v1/operators/boss", {"name": "boss", "role": "admin"}


async def _disposition(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "PUT", "/v1/dispositions/X_DONE", {"code": "X_DONE", "label": "Done"}


async def _directory(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/directory", {"name": "Billing", "kind": "department"}


async def _ticket_as_other_author(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/tickets", {"subject": "Hi", "author": "nobody-else"}


async def _events(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "GET", "/v1/events?after=0", None


async def _integrity(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "GET", "/v1/integrity", None


async def _bulk(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/bulk/customers", []


MATRIX: list[tuple[str, frozenset[Role], Setup]] = [
    ("read a customer", ALL, _read_customer),
    ("create a customer", WORKERS, _create_customer),
    ("create an inbound call", frozenset({Role.SUPERVISOR, Role.TRAINER, Role.ADMIN}),
     _inbound_call),
    ("dial out", PEOPLE, _outbound_call),
    ("claim as oneself", WORKERS, _claim_as_me),
    ("claim for somebody else", MANAGERS, _claim_for_other),
    ("end somebody else's call", MANAGERS, _end_others_call),
    ("answer as oneself", WORKERS, _answer_as_me),
    ("answer for somebody else", MANAGERS, _answer_for_other),
    ("end somebody else's call in one step", MANAGERS, _end_others_call_in_one_step),
    ("own presence", ALL, _own_presence),
    ("somebody else's presence", MANAGERS, _others_presence),
    ("own heartbeat", ALL, _own_heartbeat),
    ("somebody else's heartbeat", MANAGERS, _others_heartbeat),
    ("add an operator", MANAGERS, _add_operator),
    ("grant admin", frozenset({Role.ADMIN}), _grant_admin),
    ("manage dispositions", MANAGERS, _disposition),
    ("edit the directory", frozenset({Role.RECEPTIONIST, Role.SUPERVISOR, Role.ADMIN}),
     _directory),
    ("write as another author", MANAGERS, _ticket_as_other_author),
    ("read the change feed", ALL, _events),
    ("integrity check", frozenset({Role.ADMIN}), _integrity),
    ("bulk load", frozenset({Role.ADMIN}), _bulk),
]


# what an allowed role gets on a store that lacks the capability: PostgreSQL has no bulk load
# yet (docs/ARCHITECTURE.md, Known debts), so past the role check its admin is told so (503)
WITHOUT_THE_CAPABILITY = {("bulk load", "postgres"): 503}


@pytest.mark.parametrize(("what", "allowed", "setup"), MATRIX, ids=[m[0] for m in MATRIX])
async def test_role_matrix(site: Site, admin: HttpBackend, what: str, allowed: frozenset[Role],
                           setup: Setup) -> None:
    outcomes: dict[Role, int] = {}
    for role in Role:
        method, path, body = await setup(admin, ROLE_NAMES[role])
        async with site.client(role) as http:
            response = await http.request(method, path, json=body)
        outcomes[role] = response.status_code
        if response.status_code == 403:
            assert response.json()["code"] == "forbidden" and response.json()["message"]
    granted = WITHOUT_THE_CAPABILITY.get((what, site.store), "2xx")
    expected = {role: (granted if role in allowed else 403) for role in Role}
    seen = {role: ("2xx" if 200 <= status < 300 else status) for role, status in outcomes.items()}
    assert seen == expected


async def test_unauthenticated_is_401_with_a_reason(site: Site) -> None:
    async with site.client() as http:
        none = await http.get("/v1/operators")
        wrong = await http.get("/v1/operators", headers={"Authorization": "Bearer nope"})
        basic = await http.get("/v1/operators", headers={"Authorization": "Basic YTpi"})
        health = await http.get("/healthz")
    for response in (none, wrong, basic):
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "Authorization" in none.json()["message"]
    assert health.status_code == 200  # liveness needs no token


async def test_revoked_and_expired_tokens_are_refused(site: Site) -> None:
    spare = await asyncio.to_thread(site.issue_token, "operator1")
    old = await asyncio.to_thread(site.issue_token, "operator1")
    await asyncio.to_thread(
        site.sql, "UPDATE server_tokens SET expires_at = ? WHERE operator = 'operator1' "
        "AND created_at = (SELECT max(created_at) FROM server_tokens)",
        [(datetime.now(UTC) - timedelta(seconds=1)).isoformat()])
    async with site.client() as http:
        ok = await http.get("/v1/operators", headers={"Authorization": f"Bearer {spare}"})
        expired = await http.get("/v1/operators", headers={"Authorization": f"Bearer {old}"})
        with site.token_store() as store:
            assert store.revoke("operator1") >= 1
        revoked = await http.get("/v1/operators", headers={"Authorization": f"Bearer {spare}"})
    assert ok.status_code == 200
    assert expired.status_code == 401 and "expired" in expired.json()["message"]
    assert revoked.status_code == 401 and "revoked" in revoked.json()["message"]


async def test_tokens_are_stored_hashed(site: Site) -> None:
    stored = [row[0] for row in await asyncio.to_thread(site.sql,
                                                         "SELECT hash FROM server_tokens")]
    assert stored and not set(site.tokens.values()) & set(stored)
    assert all(len(h) == 64 for h in stored)
