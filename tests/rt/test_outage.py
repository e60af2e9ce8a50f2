"""RT stopped → Unavailable (never a traceback nor a hang); RT back → the same backend works
again (its session is re-established when RT no longer knows it). Stops and starts an RT of its
own: the run's RT is shared with every other test (and every xdist worker)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from backends.customers.inputs import CustomerDraft
from backends.errors import Unavailable
from backends.rt import RtBackend
from backends.tickets.inputs import TicketChanges, TicketDraft
from tests import rt_server


@pytest.fixture(scope="module")
def rt(request: pytest.FixtureRequest) -> Iterator[rt_server.RtServer]:
    with rt_server.own_server(request, "rt-state-outage") as server:
        yield server


async def test_rt_down_is_unavailable_and_the_backend_recovers(
        rt_backend: RtBackend, rt: rt_server.RtServer) -> None:
    created = await rt_backend.tickets.create_ticket(TicketDraft(subject="Survives a restart"))
    await rt_backend.poller.stop()  # its retries are not what this test is about
    await asyncio.to_thread(rt_server.stop, rt)
    try:
        for attempt in (rt_backend.tickets.get_ticket(created.id),
                        rt_backend.customers.search_customers("Rossi"),
                        rt_backend.tickets.update_ticket(created.id, created.version,
                                                         TicketChanges(subject="while down")),
                        rt_backend.customers.create_customer(CustomerDraft(name="While down"))):
            with pytest.raises(Unavailable) as info:
                await attempt
            assert rt.url.removeprefix("http://") in info.value.message
    finally:
        await asyncio.to_thread(rt_server.start, rt.state)
    # the local part keeps working meanwhile and after
    assert await rt_backend.people.list_dispositions()
    fresh = await rt_backend.tickets.get_ticket(created.id)
    assert fresh.subject == "Survives a restart"
    updated = await rt_backend.tickets.update_ticket(created.id, fresh.version,
                                                     TicketChanges(subject="after the restart"))
    assert updated.subject == "after the restart"
