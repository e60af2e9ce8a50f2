"""A call offered to one operator at creation (the lab's staged caller, which a trainee's own
console stages through the server): an operator may offer one to themselves only, and nobody
else answers it (on the real server, role by role)."""

from __future__ import annotations

from typing import Any

from backends.calls.models import CallState
from backends.http import HttpBackend
from backends.people.models import Role
from tests.http.conftest import ROLE_NAMES, Site

ROME = "+390612345678"


async def _post(site: Site, role: Role, path: str, body: dict[str, Any]) -> Any:
    async with site.client(role) as http:
        return await http.post(path, json=body)


async def test_an_operator_offers_a_call_to_themselves_only(site: Site,
                                                            admin: HttpBackend) -> None:
    me, colleague = ROLE_NAMES[Role.OPERATOR], ROLE_NAMES[Role.RECEPTIONIST]
    to_other = await _post(site, Role.OPERATOR, "/v1/calls",
                           {"caller": ROME, "offered_to": colleague})
    assert to_other.status_code == 403
    assert await admin.calls.list_calls() == []
    own = await _post(site, Role.OPERATOR, "/v1/calls", {"caller": ROME, "offered_to": me})
    assert own.status_code == 201
    assert (own.json()["state"], own.json()["operator"]) == ("offered", me)
    by_supervisor = await _post(site, Role.SUPERVISOR, "/v1/calls",
                                {"caller": ROME, "offered_to": colleague})
    assert by_supervisor.status_code == 201 and by_supervisor.json()["operator"] == colleague


async def test_nobody_else_answers_a_call_offered_to_an_operator(site: Site,
                                                                 admin: HttpBackend) -> None:
    me, colleague = ROLE_NAMES[Role.OPERATOR], ROLE_NAMES[Role.RECEPTIONIST]
    own = (await _post(site, Role.OPERATOR, "/v1/calls",
                       {"caller": ROME, "offered_to": me})).json()
    by_id = await _post(site, Role.RECEPTIONIST, f"/v1/calls/{own['id']}/answer",
                        {"operator": colleague})
    assert by_id.status_code == 409
    nexts = await _post(site, Role.RECEPTIONIST, "/v1/queue/answer", {"operator": colleague})
    assert nexts.status_code == 404
    assert (await admin.calls.get_call(own["id"])).state is CallState.OFFERED
    mine = await _post(site, Role.OPERATOR, "/v1/queue/answer", {"operator": me})
    assert mine.status_code == 200
    assert (mine.json()["id"], mine.json()["state"]) == (own["id"], "active")
