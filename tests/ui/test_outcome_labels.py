"""Issue 16: a call's outcome is shown by its label in the operator's language, not by its code
("RESOLVED" stood in a Romanian customer view's recent calls)."""

from __future__ import annotations

from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.people.models import Operator
from tests.ui.helpers import OPERATOR, make_app, seed_basic, started, wait_for


async def test_the_customer_view_names_a_past_call_s_outcome(store, tmp_path: Path) -> None:
    await seed_basic(store)
    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna"))
    past = await store.calls.create_call(CallDraft(caller="+390287654321"))
    await store.calls.answer_call(past.id, OPERATOR)
    await store.calls.end_call(past.id, OPERATOR)
    await store.calls.finish_call(past.id, OPERATOR, "RESOLVED")
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")  # Luca Bianchi (priority 6) first
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        await pilot.press("f4")
        view = screen.query_one("#cv-calls")
        await wait_for(pilot, lambda: "Resolved on the call" in str(view.render()),
                       what="the outcome's label")
        assert "RESOLVED" not in str(view.render())
