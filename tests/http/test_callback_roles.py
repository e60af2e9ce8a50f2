"""Callbacks and surveys on the server, by role: operators (and every worker) book and make
callbacks and record survey answers as themselves; only supervisors and admins book for
another operator, list everyone's callbacks, read compliance and the feedback report,
configure surveys and list the customers to survey later.
Checked on the wire against the real server."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backends.callbacks.api import CALLBACKS
from backends.callbacks.inputs import CallbackDraft
from backends.callbacks.models import CallbackScope
from backends.customers.inputs import CustomerDraft
from backends.http import HttpBackend
from backends.people.models import Role
from tests.http.conftest import ROLE_NAMES, Site

WORKERS = frozenset({Role.OPERATOR, Role.RECEPTIONIST, Role.SUPERVISOR, Role.ADMIN})
MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
Setup = Callable[[HttpBackend, str], Awaitable[tuple[str, str, Any]]]


def _due() -> str:
    return (datetime.now(UTC) - timedelta(minutes=5)).isoformat()


def _other(me: str) -> str:
    return "operator1" if me != "operator1" else "receptionist1"


async def _book_as_me(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/callbacks", {"number": "+390612345678", "owner": me, "due_at": _due()}


async def _book_for_other(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/callbacks", {"number": "+390612345678", "owner": _other(me),
                                     "due_at": _due()}


async def _list_mine(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "GET", "/v1/callbacks", None


async def _list_others(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "GET", f"/v1/callbacks?owner={_other(me)}", None


async def _list_a_customers(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    customer = await admin.customers.create_customer(CustomerDraft(name="Ada Lovelace"))
    return "GET", f"/v1/callbacks?customer_id={customer.id}", None


async def _due_for_me(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "GET", f"/v1/callbacks/due?operator={me}", None


async def _make_anyones(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    booked = await admin.domain(CALLBACKS).book_callback(CallbackDraft(
        number="+390612345678", owner="admin1", scope=CallbackScope.ANYONE,
        due_at=datetime.now(UTC) - timedelta(minutes=5)))
    return "POST", f"/v1/callbacks/{booked.id}/make", {"operator": me}


async def _compliance(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "GET", "/v1/callbacks/compliance", None


async def _survey_answer(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "POST", "/v1/survey-answers", {"operator": me, "csat": 5}


async def _feedback_report(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    now = datetime.now(UTC)
    return "POST", "/v1/reports/feedback", {"since": (now - timedelta(days=1)).isoformat(),
                                            "until": now.isoformat()}


async def _configure_survey(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "PUT", "/v1/survey-configs", {"scope": "queue", "name": "sales",
                                         "questions": ["nps"]}


async def _read_survey_config(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    return "GET", "/v1/survey-config?queue=sales", None


async def _survey_targets(admin: HttpBackend, me: str) -> tuple[str, str, Any]:
    now = datetime.now(UTC)
    return "POST", "/v1/survey-targets", {"since": (now - timedelta(days=1)).isoformat(),
                                          "until": now.isoformat()}


MATRIX: list[tuple[str, frozenset[Role], Setup]] = [
    ("book a callback as me", WORKERS, _book_as_me),
    ("book one for another operator", MANAGERS, _book_for_other),
    ("list my callbacks", WORKERS, _list_mine),
    ("list another operator's", MANAGERS, _list_others),
    ("list a customer's callbacks", WORKERS, _list_a_customers),
    ("my due callbacks", WORKERS, _due_for_me),
    ("make anyone's callback", WORKERS, _make_anyones),
    ("callback compliance", MANAGERS, _compliance),
    ("record a survey answer", WORKERS, _survey_answer),
    ("the feedback report", MANAGERS, _feedback_report),
    ("configure a queue's survey", MANAGERS, _configure_survey),
    ("read the survey a queue asks", frozenset(Role), _read_survey_config),
    ("the customers to survey later", MANAGERS, _survey_targets),
]


@pytest.mark.parametrize(("what", "allowed", "setup"), MATRIX, ids=[m[0] for m in MATRIX])
async def test_callback_and_survey_roles(site: Site, admin: HttpBackend, what: str,
                                         allowed: frozenset[Role], setup: Setup) -> None:
    seen: dict[Role, object] = {}
    for role in Role:
        method, path, body = await setup(admin, ROLE_NAMES[role])
        async with site.client(role) as http:
            response = await http.request(method, path, json=body)
        seen[role] = "2xx" if 200 <= response.status_code < 300 else response.status_code
    assert seen == {role: ("2xx" if role in allowed else 403) for role in Role}


async def test_operators_see_their_own_and_supervisors_everyones(site: Site,
                                                                 admin: HttpBackend) -> None:
    for owner in ("operator1", "receptionist1"):
        await admin.domain(CALLBACKS).book_callback(CallbackDraft(
            number="+390612345678", owner=owner, due_at=datetime.now(UTC)))
    async with site.client(Role.OPERATOR) as http:
        mine = (await http.get("/v1/callbacks")).json()
    async with site.client(Role.SUPERVISOR) as http:
        everyone = (await http.get("/v1/callbacks")).json()
    assert [c["owner"] for c in mine] == ["operator1"]
    assert sorted(c["owner"] for c in everyone) == ["operator1", "receptionist1"]
