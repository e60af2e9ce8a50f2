"""Who may transfer a call and answer an offer, role by role, on the real server: only the
operator holding the call (or a supervisor/admin) transfers it; only the target of an offer
answers it, or a supervisor/admin one made to a department or a queue. Every refusal is a 403
that leaves the call and the offer as they were."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.http import HttpBackend
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind, TransferStatus
from tests.http.conftest import Site

HOLDER, TARGET = "bob", "carla"
ACTORS = {  # who acts → their login (tokens: the site's one per role, plus bob and carla)
    "holder": HOLDER, "other operator": "operator1", "target operator": TARGET,
    "supervisor": "supervisor1", "receptionist": "receptionist1", "trainer": "trainer1",
    "admin": "admin1",
}
HOLDS = frozenset({"holder", "supervisor", "admin"})
MANAGE = frozenset({"supervisor", "admin"})

# setup(admin, me) → (path, body, check that a refusal changed nothing)
Check = Callable[[], Awaitable[None]]
Setup = Callable[[HttpBackend, str], Awaitable[tuple[str, dict[str, Any], Check]]]


async def _bobs_call(admin: HttpBackend) -> int:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    return (await admin.calls.claim_call(call.id, HOLDER)).id


def _still_bobs(admin: HttpBackend, call_id: int) -> Check:
    async def check() -> None:
        call = await admin.calls.get_call(call_id)
        assert (call.state, call.operator) == (CallState.ACTIVE, HOLDER)
        assert await admin.transfers.list_transfers(call_id=call_id) == []
    return check


def _transfer(kind: TransferKind, target: str, name_the_holder: bool = False) -> Setup:
    async def setup(admin: HttpBackend, me: str) -> tuple[str, dict[str, Any], Check]:
        call_id = await _bobs_call(admin)
        body = {"call_id": call_id, "from_operator": HOLDER if name_the_holder else me,
                "target": target, "kind": kind.value}
        return "/v1/transfers", body, _still_bobs(admin, call_id)
    return setup


def _answer(target: str, accept: bool, name_the_target: bool = False) -> Setup:
    async def setup(admin: HttpBackend, me: str) -> tuple[str, dict[str, Any], Check]:
        call_id = await _bobs_call(admin)
        offer = await admin.transfers.create_transfer(TransferDraft(
            call_id=call_id, from_operator=HOLDER, target=target, kind=TransferKind.WARM))

        async def check() -> None:
            [still] = await admin.transfers.list_transfers(call_id=call_id)
            assert (still.status, still.responded_by) == (TransferStatus.OFFERED, None)
            assert (await admin.calls.get_call(call_id)).operator == HOLDER
        by = target if name_the_target else me
        return f"/v1/transfers/{offer.id}/response", {"accept": accept, "by": by}, check
    return setup


MATRIX: list[tuple[str, frozenset[str], Setup]] = [
    ("blind transfer of bob's call", HOLDS, _transfer(TransferKind.BLIND, "Sales")),
    ("warm transfer of bob's call to carla", HOLDS, _transfer(TransferKind.WARM, TARGET)),
    ("escalation of bob's call", HOLDS, _transfer(TransferKind.ESCALATION, "supervisor1")),
    ("queue transfer of bob's call", HOLDS, _transfer(TransferKind.QUEUE, "support")),
    ("transfer naming bob as sender", HOLDS, _transfer(TransferKind.BLIND, "Sales", True)),
    ("accept an offer to carla", frozenset({"target operator"}), _answer(TARGET, True)),
    ("decline an offer to carla", frozenset({"target operator"}), _answer(TARGET, False)),
    # a supervisor may act for carla by naming her (as for claims and presence), not by
    # answering under their own name
    ("answer naming carla", frozenset({"target operator"}) | MANAGE,
     _answer(TARGET, True, True)),
    ("accept an offer to a department", MANAGE, _answer("Sales", True)),
    ("decline an offer to a queue", MANAGE, _answer("Billing", False)),
    ("accept an offer to a bare queue name", MANAGE, _answer("returns", True)),
]


@pytest.fixture
async def crew(site: Site, admin: HttpBackend) -> dict[str, str]:
    """Login → token for every actor: the site's roles plus bob (holder) and carla (target),
    and a directory with a department and a queue."""
    tokens = dict(site.tokens)
    for name in (HOLDER, TARGET):
        # at their desks: an offer to someone offline is refused whoever makes it
        await admin.people.upsert_operator(Operator(name=name, presence=Presence.AVAILABLE))
        tokens[name] = await asyncio.to_thread(site.issue_token, name)
    await admin.people.set_presence("supervisor1", Presence.AVAILABLE)
    await admin.people.upsert_directory_entry(DirectoryEntry(name="Sales",
                                                             kind=DirectoryKind.DEPARTMENT))
    await admin.people.upsert_directory_entry(
        DirectoryEntry(name="Billing", kind=DirectoryKind.QUEUE)
    )
    return tokens


@pytest.mark.parametrize(("what", "allowed", "setup"), MATRIX, ids=[m[0] for m in MATRIX])
async def test_transfer_matrix(site: Site, admin: HttpBackend, crew: dict[str, str], what: str,
                               allowed: frozenset[str], setup: Setup) -> None:
    seen: dict[str, int | str] = {}
    for actor, login in ACTORS.items():
        path, body, unchanged = await setup(admin, login)
        async with site.client() as http:
            response = await http.post(path, json=body,
                                       headers={"Authorization": f"Bearer {crew[login]}"})
        seen[actor] = "2xx" if response.is_success else response.status_code
        if response.status_code == 403:
            assert response.json()["code"] == "forbidden" and response.json()["message"]
            await unchanged()
    assert seen == {actor: ("2xx" if actor in allowed else 403) for actor in ACTORS}


async def test_an_accepted_offer_gives_the_call_to_the_target_only(
        site: Site, admin: HttpBackend, crew: dict[str, str]) -> None:
    """The issue's case end to end: operator1 cannot take bob's caller by offering bob's call
    to herself and accepting; carla can accept the offer bob made to her."""
    call_id = await _bobs_call(admin)
    async with site.client() as http:
        as_anna = {"Authorization": f"Bearer {crew['operator1']}"}
        grab = await http.post("/v1/transfers", headers=as_anna, json={
            "call_id": call_id, "from_operator": "operator1", "target": "operator1",
            "kind": "warm"})
        assert grab.status_code == 403
        offer = await http.post("/v1/transfers", json={
            "call_id": call_id, "from_operator": HOLDER, "target": TARGET, "kind": "warm"},
            headers={"Authorization": f"Bearer {crew[HOLDER]}"})
        assert offer.status_code == 201
        steal = await http.post(f"/v1/transfers/{offer.json()['id']}/response",
                                headers=as_anna, json={"accept": True, "by": "operator1"})
        assert steal.status_code == 403
        taken = await http.post(f"/v1/transfers/{offer.json()['id']}/response",
                                headers={"Authorization": f"Bearer {crew[TARGET]}"},
                                json={"accept": True, "by": TARGET})
        assert taken.status_code == 200
    assert [c.operator for c in await admin.calls.list_calls(states=[CallState.ACTIVE])] == [TARGET]
