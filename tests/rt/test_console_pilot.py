"""The console end to end on Request Tracker: a caller is looked up in RT when answered, a
ticket opened from the call lands in RT, an edit reaches RT, and a change another user makes
directly in RT shows up on the operator's screen (through the poller and the live feed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from textual.pilot import Pilot
from textual.widgets import Select

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.rt import RtBackend, mapping
from backends.tickets.models import TicketPriority
from tests.ui.helpers import make_app, queue_ids, screen_text, started, wait_for

WAIT = 20.0  # bounds each wait (RT round trips + the poller); not a speed assertion


async def eventually(pilot: Pilot[Any], check: Callable[[], Awaitable[bool]],
                     what: str) -> None:
    for _ in range(int(WAIT / 0.2)):
        if await check():
            return
        await pilot.pause(0.2)
    raise AssertionError(f"gave up waiting for {what}\n{screen_text(pilot.app)}")


async def test_caller_ticket_update_and_a_colleagues_change_in_rt(
        rt_backend: RtBackend, agent: httpx.AsyncClient, tmp_path: Path) -> None:
    luca = await rt_backend.customers.create_customer(CustomerDraft(
        name="Luca Bianchi", phones=["+39 02 8765 4321"], company="Bianchi Srl"))
    waiting = await rt_backend.calls.create_call(CallDraft(caller="02 8765 4321"))
    assert waiting.customer_id == luca.id  # caller ID matched in RT
    app = make_app(rt_backend, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: queue_ids(screen) == [waiting.id], timeout=WAIT,
                       what="the call in the queue")
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, timeout=WAIT,
                       what="screen pop")
        assert screen.customer.id == luca.id
        await wait_for(pilot, lambda: "Luca Bianchi" in screen_text(app), timeout=WAIT,
                       what="the caller on screen")

        await pilot.press("f9")
        editor = screen.query_one("#ticket")
        await wait_for(pilot, lambda: getattr(editor, "call", None) is not None,
                       timeout=WAIT, what="ticket editor for the call")
        await pilot.press(*"Invoice twice", "ctrl+s")
        await wait_for(pilot, lambda: screen.ticket_id is not None, timeout=WAIT,
                       what="ticket saved")
        ticket_id = screen.ticket_id
        raw, _etag = await rt_backend.client.get_json(f"/ticket/{ticket_id}")
        assert raw["Subject"] == "Invoice twice" and raw["Queue"]["id"]
        assert mapping.cf_values(raw, "Calls") == [str(waiting.id)]
        stored = await rt_backend.tickets.get_ticket(ticket_id)
        assert stored.customer_id == luca.id and waiting.id in stored.call_ids

        await wait_for(pilot, lambda: getattr(editor, "ticket", None) is not None,
                       timeout=WAIT, what="the saved ticket in the editor")
        editor.query_one("#priority", Select).value = "urgent"
        await pilot.press("ctrl+s")

        async def urgent_in_rt() -> bool:
            found, _etag = await rt_backend.client.get_json(f"/ticket/{ticket_id}")
            return found["Priority"] == str(mapping.PRIORITY_TO_RT[TicketPriority.URGENT])

        await eventually(pilot, urgent_in_rt, "the edit in RT")

        after = await rt_backend.feed.last_event_id()
        answer = await agent.put(f"/ticket/{ticket_id}",
                                 json={"Subject": "Invoice twice, refund agreed"})
        assert answer.status_code == 200, answer.text

        async def polled() -> bool:
            return any(e.subject == f"ticket:{ticket_id}" and e.data.get("by") == "agent"
                       for e in await rt_backend.feed.read_events(after))

        await eventually(pilot, polled, "the poller's event for the colleague's change")
        await pilot.press("f4")  # the customer pane: switching does not reload it, the feed did
        await wait_for(pilot, lambda: "refund agreed" in screen_text(app), timeout=WAIT,
                       what="the colleague's change on screen")
