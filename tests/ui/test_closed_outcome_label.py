"""Tried as a new user: after the wrap-up the console said "Call closed: TRANSFERRED" (and
"CALLBACK", "RESOLVED"): the stored code, where the operator had just picked the label."""

from __future__ import annotations

from pathlib import Path

from backends.people.models import Operator
from tests.ui.helpers import OPERATOR, make_app, seed_basic, started, wait_for


async def test_the_closing_message_names_the_outcome_s_label(store, tmp_path: Path) -> None:
    await seed_basic(store)
    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.desk.call is not None, what="the call")
        await pilot.press("f8")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "WrapUpDialog",
                       what="the wrap-up")
        await pilot.press("1")  # the first outcome: "Resolved on the call"
        said = lambda: [str(n.message) for n in app._notifications  # noqa: E731
                        if "Call closed" in str(n.message)]
        await wait_for(pilot, lambda: bool(said()), what="the closing message")
        assert "Resolved on the call" in said()[0]
        assert "RESOLVED" not in said()[0]
