"""Simulated callers' follow-up on a real SQLite file (issue 18, item 7): a caller who gives
up may ask to be called back (an "anyone" callback of the call's queue, on that call), and the
caller of a finished call answers the survey, stored with the call, operator, queue and
customer."""

from __future__ import annotations

from dataclasses import replace

from backends.callbacks.api import CALLBACKS
from backends.callbacks.models import CallbackScope
from backends.calls.inputs import CallDraft
from backends.calls.models import CallState, Channel
from backends.protocol import Backend
from backends.surveys.api import SURVEYS
from console.simulator import CallSimulator, SimulatorConfig

ALWAYS = replace(SimulatorConfig(), callback_share=1.0, survey_share=1.0, survey_poll=0.05)


async def test_a_caller_who_gives_up_asks_to_be_called_back(store: Backend) -> None:
    sim = CallSimulator(store, ALWAYS, seed=1)
    call = await store.calls.create_call(CallDraft(caller="+390612345678", queue="billing"))
    assert await sim.hang_up(call.id)
    [booked] = await store.domain(CALLBACKS).list_callbacks()
    assert (booked.number, booked.call_id, booked.queue, booked.scope) == (
        "+390612345678", call.id, "billing", CallbackScope.ANYONE)
    assert "called back" in booked.reason and sim.stats.callbacks_asked == 1
    assert (await store.calls.get_call(call.id)).state is CallState.ABANDONED
    chat = await store.calls.create_call(CallDraft(caller="guest-1", channel=Channel.CHAT))
    assert await sim.hang_up(chat.id)  # no number to call back: nothing booked
    assert len(await store.domain(CALLBACKS).list_callbacks()) == 1


async def test_callers_of_finished_calls_answer_the_survey(store: Backend) -> None:
    sim = CallSimulator(store, replace(ALWAYS, rate_per_minute=0.0), seed=2)
    call_id = await sim.arrive()
    assert call_id is not None
    answered = await store.calls.answer_call(call_id, "tester")
    await store.calls.end_call(answered.id, "tester")
    dispositions = [d.code for d in await store.people.list_dispositions() if d.active]
    await store.calls.finish_call(answered.id, "tester", dispositions[0])
    await sim.run(duration=1.0)
    [answer] = await store.domain(SURVEYS).list_answers()
    assert (answer.call_id, answer.operator, answer.queue, answer.customer_id) == (
        call_id, "tester", answered.queue, answered.customer_id)
    assert answer.csat is not None and answer.nps is not None
    assert sim.stats.surveys_answered == 1


async def test_no_survey_where_the_queue_has_it_off(store: Backend) -> None:
    from backends.surveys.models import SurveyConfig, SurveyScope

    sim = CallSimulator(store, replace(ALWAYS, rate_per_minute=0.0), seed=2)
    call = await store.calls.create_call(CallDraft(caller="+390612345678", queue="billing"))
    await store.domain(SURVEYS).configure_survey(SurveyConfig(
        scope=SurveyScope.QUEUE, name="billing", enabled=False, questions=[]))
    await store.calls.answer_call(call.id, "tester")
    await store.calls.end_call(call.id, "tester")
    code = (await store.people.list_dispositions())[0].code
    finished = await store.calls.finish_call(call.id, "tester", code)
    assert not await sim.follow_up.answer(finished)
    assert await store.domain(SURVEYS).list_answers() == [] and sim.stats.errors == 0
