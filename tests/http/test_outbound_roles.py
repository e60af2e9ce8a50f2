"""Calls an operator creates cannot jump the queue: an outbound call is the dialler's own active
call; priority, VIP and arrival time are set only by supervisors, trainers and admins (on the
real server, role by role)."""

from __future__ import annotations

from typing import Any

import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.http import HttpBackend
from backends.people.models import Role
from tests.http.conftest import ROLE_NAMES, Site

ROME = "+390612345678"
ORDERERS = frozenset({Role.SUPERVISOR, Role.TRAINER, Role.ADMIN})
QUEUE_JUMP = {"priority": 9, "vip": True, "arrived_at": "2000-01-01T00:00:00Z"}


async def _post(site: Site, role: Role, path: str, body: dict[str, Any]) -> Any:
    async with site.client(role) as http:
        return await http.post(path, json=body)


async def test_the_issue_case_is_refused_and_a_plain_dial_is_the_diallers(
        site: Site, admin: HttpBackend) -> None:
    me = ROLE_NAMES[Role.OPERATOR]
    fake = await _post(site, Role.OPERATOR, "/v1/calls",
                       {"caller": ROME, "direction": "outbound", **QUEUE_JUMP})
    assert fake.status_code == 403 and fake.json()["code"] == "forbidden"
    assert await admin.calls.list_calls() == []
    dialled = await _post(site, Role.OPERATOR, "/v1/calls",
                          {"caller": ROME, "direction": "outbound"})
    assert dialled.status_code == 201
    body = dialled.json()
    assert (body["state"], body["operator"], body["priority"], body["vip"]) == (
        "active", me, 0, False)
    assert body["answered_at"] is not None
    assert await admin.calls.list_calls(states=[CallState.WAITING]) == []


@pytest.mark.parametrize("field", sorted(QUEUE_JUMP))
@pytest.mark.parametrize("direction", ["outbound", "inbound"])
async def test_who_sets_a_calls_place_in_the_queue(site: Site, admin: HttpBackend, field: str,
                                                   direction: str) -> None:
    seen = {}
    for role in Role:
        response = await _post(site, role, "/v1/calls", {
            "caller": ROME, "direction": direction, field: QUEUE_JUMP[field]})
        seen[role] = "2xx" if response.is_success else response.status_code
        if response.is_success:
            assert response.json()[field] == (
                "2000-01-01T00:00:00Z" if field == "arrived_at" else QUEUE_JUMP[field])
    # inbound calls were already for supervisors, trainers and admins only
    assert seen == {role: ("2xx" if role in ORDERERS else 403) for role in Role}


async def test_an_operator_cannot_dial_in_a_colleagues_name(site: Site,
                                                            admin: HttpBackend) -> None:
    other = ROLE_NAMES[Role.RECEPTIONIST]
    named = await _post(site, Role.OPERATOR, "/v1/calls",
                        {"caller": ROME, "direction": "outbound", "operator": other})
    assert named.status_code == 403
    for_other = await _post(site, Role.SUPERVISOR, "/v1/calls",
                            {"caller": ROME, "direction": "outbound", "operator": other})
    assert for_other.status_code == 201 and for_other.json()["operator"] == other


async def test_a_colleagues_claim_never_gets_an_operators_outbound_call(
        site: Site, admin: HttpBackend) -> None:
    dialled = await _post(site, Role.OPERATOR, "/v1/calls",
                          {"caller": ROME, "direction": "outbound"})
    assert dialled.status_code == 201
    colleague = ROLE_NAMES[Role.RECEPTIONIST]
    empty = await _post(site, Role.RECEPTIONIST, "/v1/queue/claim", {"operator": colleague})
    assert empty.status_code == 404
    by_id = await _post(site, Role.RECEPTIONIST, f"/v1/calls/{dialled.json()['id']}/claim",
                        {"operator": colleague})
    assert by_id.status_code == 409
    inbound = await admin.calls.create_call(CallDraft(caller="+390698765432"))
    head = await _post(site, Role.RECEPTIONIST, "/v1/queue/claim", {"operator": colleague})
    assert head.status_code == 200 and head.json()["id"] == inbound.id
    mine = await admin.calls.get_call(dialled.json()["id"])
    assert (mine.state, mine.operator) == (CallState.ACTIVE, ROLE_NAMES[Role.OPERATOR])


async def test_an_outbound_call_is_not_put_back_in_the_queue(site: Site,
                                                             admin: HttpBackend) -> None:
    dialled = (await _post(site, Role.OPERATOR, "/v1/calls",
                           {"caller": ROME, "direction": "outbound"})).json()
    back = await _post(site, Role.OPERATOR, f"/v1/calls/{dialled['id']}/state",
                       {"state": "waiting"})
    assert back.status_code == 409
    assert (await admin.calls.get_call(dialled["id"])).state is CallState.ACTIVE


async def test_only_supervisors_reprioritise_a_waiting_call(site: Site,
                                                            admin: HttpBackend) -> None:
    waiting = await admin.calls.create_call(CallDraft(caller=ROME))
    async with site.client(Role.OPERATOR) as http:
        refused = await http.patch(f"/v1/calls/{waiting.id}", json={"priority": 9},
                                   headers={"If-Match": f'"{waiting.version}"'})
    assert refused.status_code == 403
    assert (await admin.calls.get_call(waiting.id)).priority == 0
    async with site.client(Role.SUPERVISOR) as http:
        done = await http.patch(f"/v1/calls/{waiting.id}", json={"priority": 9},
                                headers={"If-Match": f'"{waiting.version}"'})
    assert done.status_code == 200 and done.json()["priority"] == 9
