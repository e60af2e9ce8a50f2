"""The survey read out at the desk asks only what the queue's survey asks, at 80x24 on a real
SQLite file; a queue whose survey is off gets none, and the operator is told."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.surveys.api import SURVEYS
from backends.surveys.models import Question, SurveyConfig, SurveyScope
from screens.callbacks.survey_dialog import SurveyDialog
from tests.ui.helpers import make_app, screen_text, started, wait_for


async def _answer_call(pilot: Pilot[Any], app: App[Any]) -> Any:
    screen = await started(pilot)
    await pilot.press("f5")
    await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
    await pilot.press("ctrl+y")
    await wait_for(pilot, lambda: "callbacks due now" in screen_text(app), what="pane")
    screen.query_one("#callbacks-table").focus()
    return screen


async def test_only_the_questions_of_the_queue_are_asked(store, tmp_path: Path) -> None:
    surveys = store.domain(SURVEYS)
    await surveys.configure_survey(SurveyConfig(scope=SurveyScope.QUEUE, name="billing",
                                                questions=[Question.NPS]))
    await store.customers.create_customer(CustomerDraft(name="Maria Rossi",
                                                        phones=["+39 06 1234 5678"]))
    await store.calls.create_call(CallDraft(caller="+390612345678", queue="billing"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _answer_call(pilot, app)
        call = screen.call
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, SurveyDialog), what="survey")
        assert [i.id for i in app.screen.query(Input)] == ["survey-nps"]
        await pilot.press("9", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, SurveyDialog), what="saved")
        await wait_for(pilot, lambda: any("Survey saved" in str(n.message)
                                          for n in app._notifications), what="told")
    [answer] = await surveys.list_answers()
    assert (answer.call_id, answer.nps, answer.csat, answer.comment) == (call.id, 9, None, "")


async def test_no_survey_where_it_is_off(store, tmp_path: Path) -> None:
    await store.domain(SURVEYS).configure_survey(SurveyConfig(
        scope=SurveyScope.QUEUE, name="billing", enabled=False, questions=[]))
    await store.calls.create_call(CallDraft(caller="+390612345678", queue="billing"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.call is not None, what="answered")
        await pilot.press("escape")  # the new-customer form of an unknown caller
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: "callbacks due now" in screen_text(app), what="pane")
        screen.query_one("#callbacks-table").focus()
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: any("The survey is off for queue billing" in
                                          str(n.message) for n in app._notifications),
                       what="told it is off")
        assert not isinstance(app.screen, SurveyDialog)
