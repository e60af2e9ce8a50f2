"""Issue 15 item 6: the call queue shows the queues' display names from data/queues.json
(the one list of queues), not their ids."""

from __future__ import annotations

from pathlib import Path

from tests.ui.helpers import make_app, queue_ids, screen_text, seed_basic, started, wait_for


async def test_the_queue_shows_display_names(store, tmp_path: Path) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="3 waiting calls")
        text = screen_text(app)
        assert "voice/Billing" in text and "voice/General" in text, text
        assert "voice/billing" not in text
