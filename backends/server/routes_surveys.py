"""Surveys over HTTP: record an answer, add and list feedback, the feedback report.

One router per domain (docs/ARCHITECTURE.md); it talks to `backend.domain(SURVEYS)`. Workers
record answers and feedback under their own name; the report (every operator's figures) is for
supervisors and admins. `ACTIONS` are the domain's server actions (registered in
backends/domain_registry.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import MAX_ID, Limit
from backends.server.policy import MANAGERS, WORKERS, Identity
from backends.surveys.api import SURVEYS, Surveys
from backends.surveys.inputs import FeedbackDraft, SurveyAnswerDraft
from backends.surveys.models import (
    Feedback,
    FeedbackKind,
    FeedbackReport,
    ReportQuery,
    SurveyAnswer,
    SurveyConfig,
    SurveyTarget,
)

ACTIONS = {"survey.work": WORKERS, "survey.report": MANAGERS,
           "survey.configure": MANAGERS}
router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["surveys"])
Worker = Annotated[Identity, guard("survey.work")]
Supervisor = Annotated[Identity, guard("survey.report")]
Configurer = Annotated[Identity, guard("survey.configure")]
Name = Annotated[str, Query(min_length=1, max_length=60)]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def surveys(request: Request) -> Surveys:
    return backend(request).domain(SURVEYS)


@router.post("/survey-answers", status_code=201, response_model=SurveyAnswer)
async def record_answer(draft: SurveyAnswerDraft, request: Request, who: Worker) -> Response:
    who.acts_as(draft.operator)
    return await once(request, who, lambda: surveys(request).record_answer(draft), 201)


@router.get("/survey-answers", response_model=list[SurveyAnswer])
async def list_answers(request: Request, who: Reader, customer_id: OptionalId = None,
                       limit: Limit = 20) -> Response:
    return respond(await surveys(request).list_answers(customer_id=customer_id, limit=limit))


@router.post("/feedback", status_code=201, response_model=Feedback)
async def add_feedback(draft: FeedbackDraft, request: Request, who: Worker) -> Response:
    who.acts_as(draft.operator)
    return await once(request, who, lambda: surveys(request).add_feedback(draft), 201)


@router.get("/feedback", response_model=list[Feedback])
async def list_feedback(request: Request, who: Reader, kind: FeedbackKind | None = None,
                        topic: Annotated[str | None, Query(max_length=60)] = None,
                        customer_id: OptionalId = None,
                        text: Annotated[str | None, Query(max_length=200)] = None,
                        since: datetime | None = None, until: datetime | None = None,
                        limit: Limit = 100) -> Response:
    return respond(await surveys(request).list_feedback(
        kind=kind, topic=topic, customer_id=customer_id, text=text, since=since, until=until,
        limit=limit))


@router.put("/survey-configs", response_model=SurveyConfig)
async def configure_survey(config: SurveyConfig, request: Request,
                           who: Configurer) -> Response:
    return respond(await surveys(request).configure_survey(config))


@router.get("/survey-configs", response_model=list[SurveyConfig])
async def list_survey_configs(request: Request, who: Reader) -> Response:
    return respond(await surveys(request).list_survey_configs())


@router.get("/survey-config", response_model=SurveyConfig)
async def survey_config(request: Request, who: Reader, queue: Name,
                        campaign: Annotated[str | None, Query(max_length=60)] = None
                        ) -> Response:
    return respond(await surveys(request).survey_config(queue, campaign))


@router.post("/survey-targets", response_model=list[SurveyTarget])
async def survey_targets(query: ReportQuery, request: Request, who: Supervisor) -> Response:
    """The customers to survey later: a read with a body (the period and queue), as the
    report's."""
    return respond(await surveys(request).survey_targets(
        since=query.since, until=query.until, queue=query.queue))


@router.post("/reports/feedback", response_model=FeedbackReport)
async def feedback_report(query: ReportQuery, request: Request, who: Supervisor) -> Response:
    """A read with a body (the query); POST so the query is one validated model."""
    return respond(await surveys(request).feedback_report(query))
