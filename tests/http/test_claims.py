"""Many operators, one queue: claims over real HTTP never hand a call to two people."""

from __future__ import annotations

import asyncio
from collections import Counter

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.errors import Conflict, NotFound
from backends.http import HttpBackend
from backends.people.models import Role
from tests.http.conftest import Site, gather_bounded

CLAIMERS = 50


async def _operators(site: Site, count: int) -> list[HttpBackend]:
    names = {f"op{i:02d}": Role.OPERATOR for i in range(count)}
    tokens = await asyncio.to_thread(site.provision, names)
    backends = [HttpBackend(site.url, token=tokens[name]) for name in names]
    for backend in backends:
        await backend.open()
    return backends


async def test_fifty_claimers_take_every_call_exactly_once(site: Site, admin: HttpBackend) -> None:
    calls = [await admin.calls.create_call(CallDraft(caller=f"+3906123456{i:02d}"))
             for i in range(CLAIMERS)]
    operators = await _operators(site, CLAIMERS)

    async def claim_until_empty(backend: HttpBackend, name: str) -> list[int]:
        taken: list[int] = []
        for _ in range(CLAIMERS * 2):  # bounded: more attempts than calls exist
            try:
                taken.append((await backend.calls.claim_call(None, name)).id)
            except Conflict:
                continue  # somebody was faster on the head of the queue: try the next
            except NotFound:
                break
        return taken

    try:
        results = await gather_bounded(*(claim_until_empty(b, f"op{i:02d}")
                                         for i, b in enumerate(operators)))
    finally:
        for backend in operators:
            await backend.close()
    assert not [r for r in results if isinstance(r, BaseException)]
    claimed = Counter(call_id for taken in results for call_id in taken)  # type: ignore[union-attr]
    assert set(claimed) == {c.id for c in calls}
    assert max(claimed.values()) == 1
    for call in await admin.calls.list_calls(states=[CallState.ACTIVE], limit=1000):
        assert call.operator is not None and call.operator.startswith("op")
    assert len(await admin.calls.list_calls(states=[CallState.WAITING])) == 0


async def test_fifty_claimers_on_one_call_one_winner(site: Site, admin: HttpBackend) -> None:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    operators = await _operators(site, CLAIMERS)
    try:
        results = await gather_bounded(*(b.calls.claim_call(call.id, f"op{i:02d}")
                                         for i, b in enumerate(operators)))
    finally:
        for backend in operators:
            await backend.close()
    winners = [r for r in results if not isinstance(r, BaseException)]
    assert len(winners) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, BaseException))
    stored = await admin.calls.get_call(call.id)
    assert stored.state is CallState.ACTIVE and stored.operator == winners[0].operator


async def test_lost_claim_is_409_on_the_wire(site: Site, admin: HttpBackend) -> None:
    call = await admin.calls.create_call(CallDraft(caller="+390612345678"))
    await admin.calls.claim_call(call.id, "operator1")
    async with site.client(Role.RECEPTIONIST) as http:
        lost = await http.post(f"/v1/calls/{call.id}/claim", json={"operator": "receptionist1"})
        empty = await http.post("/v1/queue/claim", json={"operator": "receptionist1"})
    assert lost.status_code == 409 and lost.json()["code"] == "conflict"
    assert empty.status_code == 404 and empty.json()["code"] == "not_found"
