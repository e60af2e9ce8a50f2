"""The surveys domain over HTTP: backends/surveys/api.py `Surveys`, spoken to the server's
routes_surveys. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import datetime

from backends.http import encode
from backends.http.connection import Connection
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


class HttpSurveys:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def record_answer(self, draft: SurveyAnswerDraft) -> SurveyAnswer:
        return await self._c.call("POST", "/v1/survey-answers", SurveyAnswer, body=draft)

    async def list_answers(self, *, customer_id: int | None = None,
                           limit: int = 20) -> list[SurveyAnswer]:
        return await self._c.get("/v1/survey-answers", list[SurveyAnswer],
                                 encode.query(customer_id=customer_id, limit=limit))

    async def add_feedback(self, draft: FeedbackDraft) -> Feedback:
        return await self._c.call("POST", "/v1/feedback", Feedback, body=draft)

    async def list_feedback(self, *, kind: FeedbackKind | None = None,
                            topic: str | None = None, customer_id: int | None = None,
                            text: str | None = None, since: datetime | None = None,
                            until: datetime | None = None, limit: int = 100) -> list[Feedback]:
        params = encode.query(kind=FeedbackKind(kind).value if kind else None, topic=topic,
                              customer_id=customer_id,
                              text=encode.search_text(text) if text else None,
                              since=since.isoformat() if since else None,
                              until=until.isoformat() if until else None, limit=limit)
        return await self._c.get("/v1/feedback", list[Feedback], params)

    async def configure_survey(self, config: SurveyConfig) -> SurveyConfig:
        return await self._c.call("PUT", "/v1/survey-configs", SurveyConfig, body=config)

    async def survey_config(self, queue: str, campaign: str | None = None) -> SurveyConfig:
        return await self._c.get("/v1/survey-config", SurveyConfig,
                                 encode.query(queue=queue, campaign=campaign))

    async def list_survey_configs(self) -> list[SurveyConfig]:
        return await self._c.get("/v1/survey-configs", list[SurveyConfig], {})

    async def survey_targets(self, *, since: datetime, until: datetime,
                             queue: str | None = None,
                             limit: int = 100_000) -> list[SurveyTarget]:
        query = ReportQuery(since=since, until=until, queue=queue)
        return await self._c.call("POST", "/v1/survey-targets", list[SurveyTarget],
                                  body=query.model_dump(mode="json"), write=False)

    async def feedback_report(self, query: ReportQuery) -> FeedbackReport:
        return await self._c.call("POST", "/v1/reports/feedback", FeedbackReport,
                                  body=query.model_dump(mode="json"), write=False)
