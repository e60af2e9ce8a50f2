"""Surveys and feedback on every backend: answers stored with call, operator, queue, campaign
and customer; feedback listed and searched; the feedback report's CSAT, NPS and FCR checked
against figures computed by hand (README, "Satisfaction and feedback")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backends.calls.inputs import CallChanges, CallDraft
from backends.customers.inputs import CustomerDraft
from backends.errors import Invalid
from backends.protocol import Backend
from backends.surveys.api import SURVEYS, Surveys
from backends.surveys.inputs import FeedbackDraft, SurveyAnswerDraft
from backends.surveys.models import FeedbackKind, ReportQuery
from tests.conformance.helpers import operator, ticket

# (operator, queue, csat, nps, solved, comment), the report's hand-computed fixture
ANSWERS = [
    ("anna", "sales", 5, 10, True, "great"),
    ("anna", "sales", 4, 9, True, ""),
    ("anna", "sales", 3, 7, False, "slow"),
    ("bruno", "support", 2, 3, False, ""),
    ("bruno", "support", 5, 6, None, ""),
    ("bruno", "support", None, 8, True, ""),
]


def surveys(backend: Backend) -> Surveys:
    return backend.domain(SURVEYS)


def around_now() -> tuple[datetime, datetime]:
    now = datetime.now(UTC)
    return now - timedelta(days=11), now + timedelta(hours=1)


async def record_fixture(backend: Backend) -> None:
    for name, queue, csat, nps, solved, comment in ANSWERS:
        await surveys(backend).record_answer(SurveyAnswerDraft(
            operator=name, queue=queue, csat=csat, nps=nps, solved=solved, comment=comment,
            campaign="winter" if queue == "sales" else None))


async def test_an_answer_is_stored_with_its_call_operator_queue_and_customer(
        backend: Backend) -> None:
    await operator(backend, "anna")
    customer = await backend.customers.create_customer(CustomerDraft(name="Ada Lovelace"))
    call = await backend.calls.create_call(CallDraft(caller="+390612345678",
                                                     customer_id=customer.id, queue="sales"))
    before = await backend.feed.last_event_id()
    stored = await surveys(backend).record_answer(SurveyAnswerDraft(
        call_id=call.id, operator="anna", queue="sales", customer_id=customer.id, csat=4,
        nps=9, solved=True, comment="kind and quick", campaign="winter"))
    assert (stored.call_id, stored.operator, stored.queue, stored.customer_id,
            stored.campaign) == (call.id, "anna", "sales", customer.id, "winter")
    assert (stored.csat, stored.nps, stored.solved) == (4, 9, True)
    assert await surveys(backend).list_answers(customer_id=customer.id) == [stored]
    kinds = [e.kind for e in await backend.feed.read_events(before)]
    assert kinds == ["survey.answered"]


@pytest.mark.parametrize(("fields", "field"), [
    ({"csat": 6}, "csat"), ({"nps": 11}, "nps"), ({"csat": 0}, "csat"), ({}, None),
    ({"csat": 4, "call_id": 999_999}, "call_id")])
async def test_bad_answers_are_refused(backend: Backend, fields: dict[str, object],
                                       field: str | None) -> None:
    values: dict[str, object] = {
        "operator": "anna", "queue": "general", "campaign": None, "customer_id": None,
        "csat": None, "nps": None, "solved": None, "comment": "", "call_id": None, **fields}
    with pytest.raises(Invalid) as caught:
        await surveys(backend).record_answer(SurveyAnswerDraft.model_construct(**values))
    if field is not None:
        assert caught.value.field == field


async def test_feedback_is_listed_and_searched(backend: Backend) -> None:
    customer = await backend.customers.create_customer(CustomerDraft(name="Ada Lovelace"))
    complaint = await surveys(backend).add_feedback(FeedbackDraft(
        kind=FeedbackKind.COMPLAINT, topic="billing", text="Fattura addebitata due volte",
        customer_id=customer.id, product="Fibra 1G", operator="anna"))
    suggestion = await surveys(backend).add_feedback(FeedbackDraft(
        kind=FeedbackKind.SUGGESTION, topic="app", text="A dark mode, please",
        operator="bruno"))
    listed = surveys(backend).list_feedback
    assert [f.id for f in await listed()] == [suggestion.id, complaint.id]
    assert [f.id for f in await listed(kind=FeedbackKind.COMPLAINT)] == [complaint.id]
    assert [f.id for f in await listed(customer_id=customer.id)] == [complaint.id]
    assert [f.id for f in await listed(text="fatt")] == [complaint.id]  # a prefix
    assert [f.id for f in await listed(text="fibra")] == [complaint.id]  # the product
    assert [f.id for f in await listed(text="DARK mode")] == [suggestion.id]
    assert await listed(text='" OR * NEAR(') == []  # FTS syntax is searched as words
    assert await listed(text="dark billing") == []  # every word must match


async def test_the_report_matches_the_hand_computed_fixture(backend: Backend) -> None:
    await record_fixture(backend)
    since, until = around_now()
    report = await surveys(backend).feedback_report(ReportQuery(since=since, until=until))
    assert report.responses == 6
    assert (report.csat_answers, report.csat) == (5, pytest.approx(3 / 5))
    assert (report.nps_answers, report.promoters, report.detractors) == (6, 2, 2)
    assert report.nps == pytest.approx(0.0)
    assert (report.fcr_answers, report.fcr_survey) == (5, pytest.approx(3 / 5))
    assert sorted(c.comment for c in report.comments) == ["great", "slow"]

    sales = await surveys(backend).feedback_report(ReportQuery(since=since, until=until,
                                                               queue="sales"))
    assert (sales.responses, sales.csat, sales.nps, sales.fcr_survey) == (
        3, pytest.approx(2 / 3), pytest.approx(200 / 3), pytest.approx(2 / 3))
    bruno = await surveys(backend).feedback_report(ReportQuery(since=since, until=until,
                                                               operator="bruno"))
    assert (bruno.csat, bruno.nps, bruno.fcr_survey) == (
        pytest.approx(1 / 2), pytest.approx(-200 / 3), pytest.approx(1 / 2))
    winter = await surveys(backend).feedback_report(ReportQuery(since=since, until=until,
                                                                campaign="winter"))
    assert winter.responses == 3 and winter.fcr_measured is None
    before = await surveys(backend).feedback_report(ReportQuery(
        since=since - timedelta(days=30), until=since))
    assert (before.responses, before.csat, before.nps, before.fcr_survey) == (0, None, None,
                                                                               None)


async def test_fcr_measured_on_hand_made_contacts(backend: Backend) -> None:
    """Eight calls: the 1st is followed by a call on the same queue 3 days later and the 5th
    by one sharing its ticket 6 days later (in another queue): 6 of 8 were resolved. A call
    in another queue a day later (3rd) or on the same queue 8 days later (7th) does not
    count against it."""
    since, until = around_now()
    t0 = since + timedelta(hours=1)
    shared = await ticket(backend, "Line drops every evening")
    people = [await backend.customers.create_customer(CustomerDraft(name=n))
              for n in ("Ada Lovelace", "Bea Rossi", "Cleo Nagy", "Dan Pop")]
    plan = [(0, "sales", 0, False), (0, "sales", 3, False), (1, "support", 0, False),
            (1, "sales", 1, False), (2, "sales", 0, True), (2, "support", 6, True),
            (3, "sales", 0, False), (3, "sales", 8, False)]
    for who, queue, day, with_ticket in plan:
        call = await backend.calls.create_call(CallDraft(
            caller="+390612345678", customer_id=people[who].id, queue=queue,
            arrived_at=t0 + timedelta(days=day)))
        if with_ticket:
            await backend.calls.update_call(call.id, call.version,
                                            CallChanges(ticket_ids=[shared.id]))
    report = await surveys(backend).feedback_report(ReportQuery(since=since, until=until))
    assert (report.fcr_calls, report.fcr_measured) == (8, pytest.approx(6 / 8))
    sales = await surveys(backend).feedback_report(ReportQuery(since=since, until=until,
                                                               queue="sales"))
    # sales calls: 1st (again on day 3), 2nd, 4th, 5th (its ticket again on day 6), 7th, 8th
    assert (sales.fcr_calls, sales.fcr_measured) == (6, pytest.approx(4 / 6))


async def test_a_report_range_must_make_sense(backend: Backend) -> None:
    since, until = around_now()
    for bad in (ReportQuery(since=until, until=since),
                ReportQuery(since=since - timedelta(days=500), until=until)):
        with pytest.raises(Invalid) as caught:
            await surveys(backend).feedback_report(bad)
        assert caught.value.field == "until"
