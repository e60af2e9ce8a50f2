"""Complaints and suggestions in the console at 80x24 on a real SQLite file: Ctrl+Y, Ctrl+W
lists them, typing searches topic, text and product, Ctrl+T narrows to complaints, Ctrl+N
captures one on the call in hand (with its product), stored with the call, queue, customer and
operator; customer text is shown as text, never markup."""

from __future__ import annotations

from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.surveys.api import SURVEYS
from backends.surveys.inputs import FeedbackDraft
from backends.surveys.models import FeedbackKind
from screens.callbacks.feedback_dialog import FeedbackDialog
from screens.callbacks.feedback_screen import FeedbackScreen
from tests.ui.helpers import OPERATOR, make_app, screen_text, started, wait_for


async def test_feedback_is_listed_searched_and_captured_from_the_keyboard(
        store, tmp_path: Path) -> None:
    surveys = store.domain(SURVEYS)
    for kind, topic, text, product in (
            (FeedbackKind.COMPLAINT, "line quality", "[b]crackles[/b] every evening", "fibre"),
            (FeedbackKind.SUGGESTION, "billing", "send the invoice by email", ""),
            (FeedbackKind.COMPLAINT, "billing", "charged twice", "mobile")):
        await surveys.add_feedback(FeedbackDraft(kind=kind, topic=topic, text=text,
                                                 product=product, operator="bruno"))
    maria = await store.customers.create_customer(CustomerDraft(
        name="Maria Rossi", phones=["+39 06 1234 5678"]))
    await store.calls.create_call(CallDraft(caller="+390612345678", queue="billing"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        call = screen.call
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: "callbacks due now" in screen_text(app), what="pane")
        screen.query_one("#callbacks-table").focus()
        await pilot.press("ctrl+w")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedbackScreen), what="feedback")
        feedback = app.screen
        await wait_for(pilot, lambda: "3 found" in screen_text(app), what="all listed")
        assert "[b]crackles[/b]" in screen_text(app)  # text, never markup

        await pilot.press(*"bill")  # a prefix of the topic
        await wait_for(pilot, lambda: "2 found" in screen_text(app), what="searched")
        await pilot.press("ctrl+t")  # complaints only
        await wait_for(pilot, lambda: "1 found" in screen_text(app), what="complaints")
        assert [f.text for f in feedback.rows] == ["charged twice"]
        await pilot.press("ctrl+t", "ctrl+t")  # suggestions, then all again
        await wait_for(pilot, lambda: "showing: all" in screen_text(app), what="all kinds")

        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedbackDialog), what="dialog")
        await pilot.press("x", "enter")  # a wrong kind: named, the field kept
        await wait_for(pilot, lambda: "c for a complaint" in screen_text(app), what="error")
        await pilot.press("backspace", "s", "tab", *"billing", "tab", *"fibre", "tab",
                          *"paper bills too", "enter")
        await wait_for(pilot, lambda: app.screen is feedback, what="saved")
        await wait_for(pilot, lambda: "3 found" in screen_text(app), what="listed")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="closed")
    [added] = await surveys.list_feedback(text="paper")
    assert (added.kind, added.topic, added.product, added.call_id, added.queue,
            added.customer_id, added.operator) == (
        FeedbackKind.SUGGESTION, "billing", "fibre", call.id, "billing", maria.id, OPERATOR)
