"""A whole scripted outbound call from the keyboard (issue 17 items 7 and 10): the contact in
preview, dialled with one key, the script's answers on number keys and typed, Enter moving on,
a branch taken and one step back, the outcome the script set taken with Enter; the answers
stored with the call, the attempt recorded, the call finished. Then a contact who says "do
not call me again" and hangs up, and progressive mode moving past an unanswered number. The
appointment step books a slot with a sales colleague of the directory (item 8), refusing one
already taken."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from textual.widgets import Input, Static

from backends.appointments.api import APPOINTMENTS
from backends.appointments.inputs import AppointmentDraft
from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import ContactDraft
from backends.campaigns.models import ContactState, DialMode
from backends.protocol import Backend
from backends.scripts.api import SCRIPTS
from backends.scripts.inputs import ScriptAnswersDraft
from backends.scripts.models import GivenAnswer
from screens.campaigns.appointment_dialog import AppointmentDialog
from screens.campaigns.far_end import Pickup, Ring
from screens.campaigns.outbound_screen import OutboundScreen
from tests.ui_outbound.conftest import (
    OutboundTestApp,
    PlayedFarEnd,
    campaign,
    fibre_contact,
    scripts,
)

ROME = ZoneInfo("Europe/Rome")
DAY = (datetime.now(ROME) + timedelta(days=7)).date()  # the visit's day, a week ahead


def shown(screen: OutboundScreen, widget: str) -> str:
    return str(screen.query_one(widget, Static).render())


async def test_a_scripted_call_with_branches_back_and_the_scripts_outcome(
        store: Backend) -> None:
    made = await campaign(store, "Fibre offer", DialMode.PREVIEW, [
        fibre_contact("+390612345671", "Ada Rossi", priority=5)])
    await store.domain(APPOINTMENTS).book_appointment(AppointmentDraft(
        person="Emma Hughes", starts_at=datetime.combine(DAY, time(10), ROME),
        subject="another customer", booked_by="bruno"))
    far_end = PlayedFarEnd(Ring(Pickup.ANSWERED))
    screen = OutboundScreen(store, "anna", scripts(), far_end=far_end)
    async with OutboundTestApp(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert "Ada Rossi" in shown(screen, "#ob-contact")
        assert "0 attempts" in shown(screen, "#ob-contact")
        assert far_end.dialled == []  # preview: nothing dialled yet
        await pilot.press("f6")
        await pilot.pause()
        assert far_end.dialled == ["+390612345671"]
        assert "Buon pomeriggio Ada, sono Anna Neri di Centralino" in shown(screen, "#ob-script")
        await pilot.press("1", "enter")  # a good moment: yes
        assert "Fibra 1000 a € 29 al mese" in shown(screen, "#ob-script")
        await pilot.press("3", "enter")  # no, thank you → goodbye
        assert screen.desk.run is not None and screen.desk.run.current == "goodbye"
        await pilot.press("f2")  # one step back: changes their mind
        assert screen.desk.run.current == "pitch"
        await pilot.press("2", "enter")  # a sales person → appointment date
        assert screen.desk.run.current == "appointment"
        assert not screen.query_one(Input).has_class("hidden")
        await pilot.press("enter")  # nothing typed: refused, stays
        assert "a date such as" in shown(screen, "#ob-status")
        for key in DAY.strftime("%d/%m/%Y"):
            await pilot.press(key)
        await pilot.press("enter")
        assert screen.desk.run.current == "confirm"
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, AppointmentDialog)  # the step's appointment action
        assert dialog.query_one(Input).value == f"{DAY.isoformat()} "
        assert dialog.colleagues == ["Emma Hughes", "Marco Bellini"]  # by name
        await pilot.press("1", "0", "enter")  # Emma Hughes's 10:00 is taken
        await pilot.pause()
        assert "Emma Hughes already has an appointment" in str(
            dialog.query_one("#ap-status", Static).render())
        await pilot.press("down", "backspace", "backspace", "1", "1", "enter")  # Marco, 11:00
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "appointment booked with Marco Bellini" in shown(screen, "#ob-status")
        await pilot.press("enter")
        assert screen.desk.run.finished
        await pilot.press("f8")
        assert "(Enter: set by the script)" in shown(screen, "#ob-script")
        await pilot.press("enter")  # the script's outcome: sale
        await pilot.pause()
        assert "outcome: Sale / converted" in shown(screen, "#ob-status")
    answers = await store.domain(SCRIPTS).list_answers(campaign_id=made.id)
    assert len(answers) == 1 and answers[0].completed and answers[0].language == "it"
    assert [(a.step, a.value) for a in answers[0].answers] == [
        ("greeting", "yes"), ("pitch", "visit"), ("appointment", DAY.isoformat())]
    [booked] = await store.domain(APPOINTMENTS).list_appointments(person="Marco Bellini")
    assert (booked.contact_name, booked.booked_by, booked.call_id, booked.campaign_id) == (
        "Ada Rossi", "anna", answers[0].call_id, made.id)
    assert booked.starts_at.astimezone(ROME).strftime("%Y-%m-%d %H:%M") == f"{DAY} 11:00"
    call = await store.calls.get_call(answers[0].call_id)
    assert (call.state, call.disposition) == (CallState.DONE, "RESOLVED")
    progress = await store.domain(CAMPAIGNS).progress(made.id)
    assert (progress.converted, progress.left, progress.by_outcome) == (1, 0, {"sale": 1})


async def test_do_not_call_me_again_then_a_hang_up_mid_script(store: Backend) -> None:
    made = await campaign(store, "Satisfaction survey", DialMode.PREVIEW, [
        ContactDraft(phone="+3612345678", name="Kovács Anna", business=True,
                     fields={"product": "router"})])
    far_end = PlayedFarEnd(Ring(Pickup.ANSWERED, hangs_up_after=2))
    screen = OutboundScreen(store, "anna", scripts(), far_end=far_end)
    async with OutboundTestApp(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert "Jó napot, Kovács" in shown(screen, "#ob-script")  # Hungarian number
        await pilot.press("2", "enter")  # no time now
        await pilot.press("2", "enter")  # never again
        assert "hung up" in shown(screen, "#ob-status")
        await pilot.press("1")  # the call is over: the number keys do nothing
        await pilot.press("f8", "enter")  # the script's outcome: dnc
        await pilot.pause()
        assert "added to do-not-call" in shown(screen, "#ob-status")
    hits = await store.domain(CAMPAIGNS).check_dnc("+3612345678")
    assert "internal" in [h.list_name for h in hits]
    answers = (await store.domain(SCRIPTS).list_answers(campaign_id=made.id))[0]
    assert (answers.completed, answers.left_at) == (False, "goodbye")
    assert [(a.step, a.value) for a in answers.answers] == [
        ("greeting", "no"), ("when_better", "never")]


async def test_progressive_mode_dials_past_an_unanswered_number(store: Backend) -> None:
    made = await campaign(store, "Fibre offer", DialMode.PROGRESSIVE, [
        fibre_contact("+390612345671", "Ada Rossi", priority=5),
        fibre_contact("+40211234567", "Ion Popescu", priority=1)])
    far_end = PlayedFarEnd(Ring(Pickup.NO_ANSWER), Ring(Pickup.ANSWERED))
    screen = OutboundScreen(store, "anna", scripts(), far_end=far_end)
    async with OutboundTestApp(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")  # progressive: taken and dialled at once
        await pilot.pause()
        assert far_end.dialled == ["+390612345671", "+40211234567"]
        assert "Ion Popescu" in shown(screen, "#ob-contact")
        assert "Bună ziua, Ion" in shown(screen, "#ob-script")
    first = await store.domain(CAMPAIGNS).progress(made.id)
    assert first.by_outcome == {"no_answer": 1}
    # the answered one is a live call for the pacing guard, taken by a free operator
    assert (first.live_24h, first.abandoned_24h) == (1, 0)
    contacts = {c.state for c in [screen.desk.contact] if c is not None}
    assert contacts == {ContactState.CLAIMED}


async def test_the_contacts_history_shows_earlier_answers(store: Backend) -> None:
    made = await campaign(store, "Fibre offer", DialMode.PREVIEW, [
        fibre_contact("+390612345671", "Ada Rossi")])
    earlier = await store.calls.create_call(CallDraft(caller="+390612345671"))
    await store.domain(SCRIPTS).record_answers(ScriptAnswersDraft(
        call_id=earlier.id, operator="anna", script="fibre-offer", campaign_id=made.id,
        contact_id=1, answers=[GivenAnswer(step="greeting", value="no"),
                               GivenAnswer(step="not_now", value="tomorrow")],
        left_at="goodbye", language="it"))
    screen = OutboundScreen(store, "anna", scripts(), far_end=PlayedFarEnd())
    async with OutboundTestApp(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert screen.desk.contact is not None and screen.desk.contact.id == 1
        # each answer as a person reads it: yes/no in the operator's language, a choice by
        # its label in the language of that call
        assert "greeting=no, not_now=Domani mattina" in shown(screen, "#ob-contact")
