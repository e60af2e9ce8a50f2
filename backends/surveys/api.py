"""The surveys use cases: record a survey answer, capture feedback, list and search feedback,
and the feedback report.

A domain interface outside the six typed attributes (docs/ARCHITECTURE.md): reached as
`backend.domain(SURVEYS)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey

if TYPE_CHECKING:  # the key is imported by screens at start-up; the models when first used
    from datetime import datetime

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


@runtime_checkable
class Surveys(Protocol):
    async def record_answer(self, draft: SurveyAnswerDraft) -> SurveyAnswer:
        """Stored with its call, operator, queue, campaign and customer (event
        `survey.answered`). Invalid for a call that does not exist, a survey that is off for
        its campaign or queue, or an answer to a question that survey does not ask."""

    async def configure_survey(self, config: SurveyConfig) -> SurveyConfig:
        """Switch a queue's or a campaign's survey on or off and choose its questions (event
        `survey.configured`). Invalid for a survey that is on and asks nothing."""

    async def survey_config(self, queue: str, campaign: str | None = None) -> SurveyConfig:
        """The survey a call of this queue (and campaign) gets: the campaign's configuration,
        else the queue's, else on with every question."""

    async def list_survey_configs(self) -> list[SurveyConfig]:
        """The stored configurations, by scope and name."""

    async def survey_targets(self, *, since: datetime, until: datetime,
                             queue: str | None = None,
                             limit: int = ...) -> list[SurveyTarget]:
        """The customers to survey later (an outbound survey campaign): each one's latest
        finished voice call with an operator in [since, until), oldest first."""

    async def list_answers(self, *, customer_id: int | None = None,
                           limit: int = 20) -> list[SurveyAnswer]:
        """Newest first."""

    async def add_feedback(self, draft: FeedbackDraft) -> Feedback:
        """A complaint or a suggestion (event `feedback.added`)."""

    async def list_feedback(self, *, kind: FeedbackKind | None = None,
                            topic: str | None = None, customer_id: int | None = None,
                            text: str | None = None, since: datetime | None = None,
                            until: datetime | None = None, limit: int = 100) -> list[Feedback]:
        """Newest first; `text` searches topic, text and product (every word, as a prefix)."""

    async def feedback_report(self, query: ReportQuery) -> FeedbackReport:
        """CSAT, NPS, FCR (survey and measured), counts and comments for answers given in
        [since, until), optionally of one queue, operator or campaign
        (backends/surveys/rules.py)."""


SURVEYS: DomainKey[Surveys] = DomainKey("surveys")
