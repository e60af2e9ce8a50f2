"""Regenerate docs/screenshot-main.svg: the main screen at 120x40 on realistic demo data
(5,000 seeded customers, a queue of waiting calls, a caller answered and popped, a ticket
being written beside the caller's record).

    .venv/bin/python -m tests.ui.screenshot_main
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.calls.models import Channel
from backends.tickets.models import TicketStatus
from console.app import CentralinoApp
from console.demo_data import seed_demo
from tests.ui.helpers import sqlite_backend, started, wait_for

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-main.svg"
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        backend = sqlite_backend(Path(folder) / "demo.db")
        await backend.open()
        await seed_demo(backend, customers=5000, seed=1, now=NOW - timedelta(hours=1))
        # the head of the queue: a customer with open tickets and a call history
        busy = await backend.tickets.list_tickets(
            statuses=[TicketStatus.OPEN, TicketStatus.PENDING], limit=200
        )
        counts: dict[int, int] = {}
        for ticket in busy:
            if ticket.customer_id is not None:
                counts[ticket.customer_id] = counts.get(ticket.customer_id, 0) + 1
        head = max(sorted(counts), key=lambda cid: counts[cid])
        waiting = [(17, 0, False, 140), (head, 6, False, 95), (88, 0, True, 61),
                   (None, 0, False, 44), (1412, 0, False, 30), (3021, 2, False, 12)]
        for customer_id, priority, vip, age in waiting:
            if customer_id is None:
                caller, customer = "+393395550199", None
            else:
                customer = await backend.customers.get_customer(customer_id)
                caller = customer.phones[0] if customer.phones else "+390612345678"
            await backend.calls.create_call(CallDraft(
                caller=caller, customer_id=customer.id if customer else None,
                priority=priority, vip=vip, queue="billing" if priority else "general",
                arrived_at=NOW - timedelta(seconds=age)))
        await backend.calls.create_call(CallDraft(channel=Channel.EMAIL, caller="ida@posta.example",
                                                  queue="email", arrived_at=NOW - timedelta(
                                                      seconds=300)))
        app = CentralinoApp(backend, "demo", clock=lambda: NOW, cursor_blink=False,
                            open_backend=False, close_backend=False,
                            drafts_dir=Path(folder) / "drafts")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await started(pilot)
            await pilot.press("f5")
            await wait_for(pilot, lambda: screen.query_one("#customer").customer is not None,
                           what="screen pop")
            await pilot.press("f9")  # a ticket from the call, beside the caller's record
            editor = screen.query_one("#ticket")
            await wait_for(pilot, lambda: getattr(editor, "call", None) is not None,
                           what="ticket editor")
            await pilot.press(*"Invoice charged twice in February")
            await pilot.pause(0.5)
            OUT.parent.mkdir(exist_ok=True)
            app.save_screenshot(str(OUT.name), path=str(OUT.parent))
        await backend.close()
    print(OUT)


if __name__ == "__main__":
    asyncio.run(main())
