"""Survey configuration per queue or campaign, and a survey sent later as an outbound survey
campaign, on every backend (issue 18, item 4): which questions a survey asks and whether it is
on (a campaign's configuration wins over its queue's), answers refused when they do not fit;
the customers called in a period become a survey campaign's contacts through the campaigns
domain, and an answer given on one is stored with the original call, operator, queue and
customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.models import Contact, Purpose
from backends.customers.inputs import CustomerDraft
from backends.errors import Invalid
from backends.protocol import Backend
from backends.surveys import campaign as survey_campaign
from backends.surveys.api import SURVEYS, Surveys
from backends.surveys.inputs import SurveyAnswerDraft
from backends.surveys.models import ALL_QUESTIONS, Question, ReportQuery, SurveyConfig, SurveyScope
from tests.conformance.helpers import operator


def surveys(backend: Backend) -> Surveys:
    return backend.domain(SURVEYS)


async def test_a_queue_or_campaign_chooses_its_questions(backend: Backend) -> None:
    await operator(backend, "anna")
    assert (await surveys(backend).survey_config("sales")).questions == ALL_QUESTIONS
    before = await backend.feed.last_event_id()
    await surveys(backend).configure_survey(SurveyConfig(
        scope=SurveyScope.QUEUE, name="sales", questions=[Question.NPS, Question.CSAT]))
    await surveys(backend).configure_survey(SurveyConfig(
        scope=SurveyScope.CAMPAIGN, name="winter", questions=[Question.SOLVED]))
    await surveys(backend).configure_survey(SurveyConfig(
        scope=SurveyScope.QUEUE, name="billing", enabled=False, questions=[]))
    sales = await surveys(backend).survey_config("sales")
    assert (sales.scope, sales.questions) == (SurveyScope.QUEUE, [Question.CSAT, Question.NPS])
    assert (await surveys(backend).survey_config("sales", "winter")).questions == [
        Question.SOLVED]  # the campaign's wins
    assert [(c.scope, c.name, c.enabled) for c in
            await surveys(backend).list_survey_configs()] == [
        (SurveyScope.CAMPAIGN, "winter", True), (SurveyScope.QUEUE, "billing", False),
        (SurveyScope.QUEUE, "sales", True)]
    events = [e for e in await backend.feed.read_events(before)
              if e.kind == "survey.configured"]
    assert len(events) == 3

    stored = await surveys(backend).record_answer(SurveyAnswerDraft(
        operator="anna", queue="sales", csat=5, nps=9))
    assert (stored.csat, stored.nps) == (5, 9)
    refused = [(SurveyAnswerDraft(operator="anna", queue="sales", csat=5, comment="hi"),
                "comment"),
               (SurveyAnswerDraft(operator="anna", queue="sales", campaign="winter", nps=3),
                "nps"),
               (SurveyAnswerDraft(operator="anna", queue="billing", csat=4), "queue")]
    for draft, field in refused:
        with pytest.raises(Invalid) as caught:
            await surveys(backend).record_answer(draft)
        assert caught.value.field == field
    with pytest.raises(Invalid) as caught:  # on, asking nothing
        await surveys(backend).configure_survey(SurveyConfig(
            scope=SurveyScope.QUEUE, name="sales", questions=[]))
    assert caught.value.field == "questions"


async def test_a_survey_campaign_of_the_customers_called_in_a_period(
        backend: Backend) -> None:
    for name in ("anna", "bruno"):
        await operator(backend, name)
    ada = await backend.customers.create_customer(CustomerDraft(
        name="Ada Lovelace", phones=["+39 06 1234 5678"]))
    bob = await backend.customers.create_customer(CustomerDraft(
        name="Bob Smith", phones=["+44 20 7946 0958"]))
    finished = []
    for who, customer, number, queue in (("anna", ada, "+390612345678", "support"),
                                         ("bruno", ada, "+390612345678", "sales"),
                                         ("bruno", bob, "+442079460958", "support")):
        call = await backend.calls.create_call(CallDraft(caller=number, queue=queue,
                                                         customer_id=customer.id))
        await backend.calls.answer_call(call.id, who)
        await backend.calls.end_call(call.id, who)
        disposition = (await backend.people.list_dispositions())[0].code
        finished.append(await backend.calls.finish_call(call.id, who, disposition))
    await backend.calls.create_call(CallDraft(caller="+390612345678",
                                              customer_id=ada.id))  # still waiting
    now = datetime.now(UTC)
    targets = await surveys(backend).survey_targets(since=now - timedelta(hours=1),
                                                    until=now + timedelta(minutes=5))
    assert [(t.customer_id, t.call_id, t.operator, t.queue, t.number) for t in targets] == [
        (ada.id, finished[1].id, "bruno", "sales", "+390612345678"),
        (bob.id, finished[2].id, "bruno", "support", "+442079460958")]
    only = await surveys(backend).survey_targets(
        since=now - timedelta(hours=1), until=now + timedelta(minutes=5), queue="support")
    assert [t.call_id for t in only] == [finished[0].id, finished[2].id]
    assert finished[0].state is CallState.DONE

    campaigns = backend.domain(CAMPAIGNS)
    created = await campaigns.create_campaign(survey_campaign.campaign_draft("After calls"))
    assert created.purpose is Purpose.SURVEY
    added = await campaigns.add_contacts(created.id,
                                         survey_campaign.contact_drafts(targets))
    assert (added.added, added.duplicates) == (2, 0)

    # the contact an operator of the campaign reaches, and the answer given on it
    contact = Contact(id=1, campaign_id=created.id, phone=targets[0].number,
                      customer_id=ada.id,
                      fields=survey_campaign.contact_drafts(targets)[0].fields)
    answer = await surveys(backend).record_answer(survey_campaign.answer_draft(
        contact, created.name, csat=4, nps=10, solved=True))
    assert (answer.call_id, answer.operator, answer.queue, answer.customer_id,
            answer.campaign) == (finished[1].id, "bruno", "sales", ada.id, "After calls")
    report = await surveys(backend).feedback_report(ReportQuery(
        since=now - timedelta(hours=1), until=now + timedelta(minutes=5),
        campaign="After calls"))
    assert (report.responses, report.csat, report.nps) == (1, 1.0, 100.0)
    with pytest.raises(Invalid):
        survey_campaign.answer_draft(contact.model_copy(update={"fields": {}}), "x", csat=3)
    with pytest.raises(Invalid) as caught:
        await surveys(backend).survey_targets(since=now, until=now - timedelta(days=1))
    assert caught.value.field == "until"
