"""The surveys use cases over a `SurveysStorage` (docs/ARCHITECTURE.md): the definitions of
backends/surveys/rules.py run here, once, for every store."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from backends.errors import Invalid
from backends.i18n import _
from backends.revalidation import revalidate
from backends.surveys import rules
from backends.surveys.models import (
    MAX_COMMENTS,
    Feedback,
    FeedbackKind,
    FeedbackReport,
    ReportComment,
    ReportQuery,
    SurveyAnswer,
    SurveyConfig,
    SurveyTarget,
)

if TYPE_CHECKING:
    from backends.surveys.inputs import FeedbackDraft, SurveyAnswerDraft
    from backends.surveys.storage import SurveysStorage, SurveysWriter

REPORT_SCAN = 200_000  # answers, feedback or calls one report reads at most
MAX_TARGETS = 100_000  # customers one survey campaign takes
MAX_RANGE = timedelta(days=400)


def check_range(since: datetime, until: datetime) -> None:
    if until <= since:
        raise Invalid("until", _("the end of the range must come after its start"))
    if until - since > MAX_RANGE:
        raise Invalid("until", _("a report covers at most 400 days"))


class SurveysService:
    """The `Surveys` interface (backends/surveys/api.py) over a `SurveysStorage`."""

    def __init__(self, storage: SurveysStorage) -> None:
        self.storage = storage

    async def record_answer(self, draft: SurveyAnswerDraft) -> SurveyAnswer:
        draft = revalidate(draft)

        def write(tx: SurveysWriter) -> SurveyAnswer:
            if draft.call_id is not None and not tx.call_exists(draft.call_id):
                raise Invalid("call_id", _("there is no call {id}").format(id=draft.call_id))
            rules.check_answer(rules.effective_config(
                draft.queue, draft.campaign, tx.configs_for(draft.queue, draft.campaign)), draft)
            answer = tx.insert_answer(draft.model_dump())
            tx.append_event("survey.answered", f"survey:{answer.id}", {
                "call_id": draft.call_id, "operator": draft.operator, "queue": draft.queue,
                "customer_id": draft.customer_id})
            return answer

        return await self.storage.write(write)

    async def configure_survey(self, config: SurveyConfig) -> SurveyConfig:
        config = revalidate(config)
        config = config.model_copy(update={"questions": rules.check_config(config)})

        def write(tx: SurveysWriter) -> SurveyConfig:
            tx.put_config(config)
            tx.append_event("survey.configured", f"survey_config:{config.scope.value}", {
                "name": config.name, "enabled": config.enabled,
                "questions": [q.value for q in config.questions]})
            return config

        return await self.storage.write(write)

    async def survey_config(self, queue: str, campaign: str | None = None) -> SurveyConfig:
        return rules.effective_config(queue, campaign,
                                      await self.storage.configs_for(queue, campaign))

    async def list_survey_configs(self) -> list[SurveyConfig]:
        return await self.storage.list_configs()

    async def survey_targets(self, *, since: datetime, until: datetime,
                             queue: str | None = None,
                             limit: int = MAX_TARGETS) -> list[SurveyTarget]:
        check_range(since, until)
        return await self.storage.targets(since=since, until=until, queue=queue,
                                          limit=max(0, min(int(limit), MAX_TARGETS)))

    async def list_answers(self, *, customer_id: int | None = None,
                           limit: int = 20) -> list[SurveyAnswer]:
        return await self.storage.list_answers(
            since=None, until=None, queue=None, operator=None, campaign=None,
            customer_id=customer_id, limit=max(0, int(limit)))

    async def add_feedback(self, draft: FeedbackDraft) -> Feedback:
        draft = revalidate(draft)

        def write(tx: SurveysWriter) -> Feedback:
            if draft.call_id is not None and not tx.call_exists(draft.call_id):
                raise Invalid("call_id", _("there is no call {id}").format(id=draft.call_id))
            feedback = tx.insert_feedback(draft.model_dump())
            tx.append_event("feedback.added", f"feedback:{feedback.id}", {
                "kind": draft.kind.value, "topic": draft.topic,
                "customer_id": draft.customer_id})
            return feedback

        return await self.storage.write(write)

    async def list_feedback(self, *, kind: FeedbackKind | None = None,
                            topic: str | None = None, customer_id: int | None = None,
                            text: str | None = None, since: datetime | None = None,
                            until: datetime | None = None, limit: int = 100) -> list[Feedback]:
        return await self.storage.list_feedback(
            kind=FeedbackKind(kind) if kind is not None else None, topic=topic,
            customer_id=customer_id, text=(text or "").strip()[:200] or None, since=since,
            until=until, queue=None, operator=None, limit=max(0, int(limit)))

    async def feedback_report(self, query: ReportQuery) -> FeedbackReport:
        query = revalidate(query)
        check_range(query.since, query.until)
        answers = await self.storage.list_answers(
            since=query.since, until=query.until, queue=query.queue, operator=query.operator,
            campaign=query.campaign, customer_id=None, limit=REPORT_SCAN)
        csat, csat_n = rules.csat(a.csat for a in answers if a.csat is not None)
        nps, nps_n, promoters, detractors = rules.nps(a.nps for a in answers
                                                      if a.nps is not None)
        fcr, fcr_n = rules.fcr_survey(a.solved for a in answers if a.solved is not None)
        measured, calls_n = await self._fcr_measured(query)
        feedback = await self.storage.list_feedback(
            kind=None, topic=None, customer_id=None, text=None, since=query.since,
            until=query.until, queue=query.queue, operator=query.operator, limit=REPORT_SCAN)
        comments = [ReportComment(answered_at=a.answered_at, operator=a.operator,
                                  queue=a.queue, csat=a.csat, nps=a.nps, comment=a.comment)
                    for a in answers if a.comment][:MAX_COMMENTS]
        return FeedbackReport(
            query=query, responses=len(answers), csat_answers=csat_n, csat=csat,
            nps_answers=nps_n, promoters=promoters, detractors=detractors, nps=nps,
            fcr_answers=fcr_n, fcr_survey=fcr, fcr_calls=calls_n, fcr_measured=measured,
            complaints=sum(1 for f in feedback if f.kind is FeedbackKind.COMPLAINT),
            suggestions=sum(1 for f in feedback if f.kind is FeedbackKind.SUGGESTION),
            comments=comments)

    async def _fcr_measured(self, query: ReportQuery) -> tuple[float | None, int]:
        if query.campaign is not None:
            return None, 0  # calls carry no campaign: measured FCR is per queue or operator
        calls = await self.storage.contacts(
            since=query.since, until=query.until, queue=query.queue, operator=query.operator,
            customer_ids=None, limit=REPORT_SCAN)
        customers = sorted({c.customer_id for c in calls})
        later = await self.storage.contacts(
            since=query.since, until=query.until + timedelta(days=rules.FCR_DAYS),
            queue=None, operator=None, customer_ids=customers, limit=REPORT_SCAN) if calls else []
        return rules.fcr_measured(calls, later)
