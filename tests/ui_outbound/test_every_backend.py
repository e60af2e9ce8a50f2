"""The outbound workspace on every backend (SQLite, our server, Request Tracker with its local
store): a survey call from the keyboard whose "would not recommend" branch opens a ticket, the
answers stored with the call and the survey's outcome recorded (README, "Outbound
workspace")."""

from __future__ import annotations

from textual.widgets import Static

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import ContactDraft
from backends.campaigns.models import DialMode
from backends.people.models import Operator, Presence
from backends.protocol import Backend
from backends.scripts.api import SCRIPTS
from backends.surveys.api import SURVEYS
from screens.campaigns.outbound_screen import OutboundScreen
from tests.ui.helpers import wait_for
from tests.ui_outbound.conftest import OutboundTestApp, PlayedFarEnd, campaign, scripts


async def test_a_survey_call_on_every_backend(backend: Backend) -> None:
    await backend.people.upsert_operator(Operator(name="anna", display_name="Anna Neri",
                                                  presence=Presence.AVAILABLE))
    made = await campaign(backend, "Satisfaction survey", DialMode.PREVIEW, [
        ContactDraft(phone="+40211234567", name="Ion Popescu", business=True,
                     fields={"product": "router"})])
    screen = OutboundScreen(backend, "anna", scripts(), far_end=PlayedFarEnd())
    async with OutboundTestApp(screen).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen.ready, timeout=30, what="campaigns")
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.desk.contact is not None, timeout=30,
                       what="next contact")
        await pilot.press("f6")
        await wait_for(pilot, lambda: screen.desk.call_id is not None, timeout=30,
                       what="dialled")
        await pilot.pause()
        assert "Bună ziua, vorbesc cu Ion?" in str(
            screen.query_one("#ob-script", Static).render())
        await pilot.press("1", "enter", "4", "enter", "2", "enter")  # 4 of 5, no
        for key in "slow":
            await pilot.press(key)
        await pilot.press("enter", "enter", "enter")  # the problem, no comment, thanks
        assert screen.desk.run is not None and screen.desk.run.finished
        await pilot.press("f8", "enter")  # the script's outcome: completed
        await wait_for(pilot, lambda: screen.desk.contact is None, timeout=60,
                       what="wrap-up")  # a ticket in RT takes a while
        await pilot.pause()
        status = str(screen.query_one("#ob-status", Static).render())
        assert "outcome: Survey completed" in status and "ticket #" in status
    [answers] = await backend.domain(SCRIPTS).list_answers(campaign_id=made.id)
    assert [(a.step, a.value) for a in answers.answers] == [
        ("greeting", "yes"), ("rating", "4"), ("recommend", "no"), ("problem", "slow")]
    assert answers.completed and answers.language == "ro"
    progress = await backend.domain(CAMPAIGNS).progress(made.id)
    assert progress.by_outcome == {"completed": 1}
    call = await backend.calls.get_call(answers.call_id)
    assert call.disposition == "RESOLVED"
    # the step tagged survey = "csat" is the satisfaction survey's answer too (issue 18)
    [survey] = await backend.domain(SURVEYS).list_answers()
    assert (survey.csat, survey.call_id, survey.campaign, survey.operator) == (
        4, answers.call_id, "Satisfaction survey", "anna")
