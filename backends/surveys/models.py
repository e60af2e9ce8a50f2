"""The surveys domain's vocabulary: a survey answer (stored with the call, the operator, the
queue, the campaign and the customer), feedback (a complaint or a suggestion), and the
feedback report's figures. The definitions are in backends/surveys/rules.py. See
docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, model_validator

from backends.checks import utcnow
from backends.model_base import Model

MAX_COMMENTS = 500  # comments one report carries


class SurveyAnswerDraft(Model):
    call_id: int | None = Field(default=None, ge=1)
    operator: str = Field(min_length=1, max_length=40)
    queue: str = Field(default="general", min_length=1, max_length=60)
    campaign: str | None = Field(default=None, min_length=1, max_length=60)
    customer_id: int | None = Field(default=None, ge=1)
    csat: int | None = Field(default=None, ge=1, le=5, description="1 (very unhappy) … 5")
    nps: int | None = Field(default=None, ge=0, le=10, description="0 … 10: would recommend")
    solved: bool | None = Field(default=None, description="was your request solved?")
    comment: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _answered(self) -> SurveyAnswerDraft:
        if self.csat is None and self.nps is None and self.solved is None and not self.comment:
            raise ValueError("a survey answer needs at least one answer or a comment")
        return self


class SurveyAnswer(SurveyAnswerDraft):
    id: int
    answered_at: datetime = Field(default_factory=utcnow)


class FeedbackKind(StrEnum):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"


class FeedbackDraft(Model):
    kind: FeedbackKind
    topic: str = Field(min_length=1, max_length=60)
    text: str = Field(min_length=1, max_length=4000)
    customer_id: int | None = Field(default=None, ge=1)
    product: str = Field(default="", max_length=80)
    call_id: int | None = Field(default=None, ge=1)
    survey_id: int | None = Field(default=None, ge=1)
    operator: str = Field(min_length=1, max_length=40)
    queue: str = Field(default="general", min_length=1, max_length=60)


class Feedback(FeedbackDraft):
    id: int
    created_at: datetime = Field(default_factory=utcnow)


class ReportQuery(Model):
    since: datetime
    until: datetime
    queue: str | None = Field(default=None, max_length=60)
    operator: str | None = Field(default=None, max_length=40)
    campaign: str | None = Field(default=None, max_length=60)


class ReportComment(Model):
    answered_at: datetime
    operator: str
    queue: str
    csat: int | None = None
    nps: int | None = None
    comment: str


class FeedbackReport(Model):
    """Figures are shares from 0 to 1 (NPS from -100 to 100); None when nothing was answered."""

    query: ReportQuery
    responses: int
    csat_answers: int
    csat: float | None
    nps_answers: int
    promoters: int
    detractors: int
    nps: float | None
    fcr_answers: int
    fcr_survey: float | None
    fcr_calls: int  # calls with a known customer in the range: FCR (measured)'s base
    fcr_measured: float | None
    complaints: int
    suggestions: int
    comments: list[ReportComment] = Field(default_factory=list)


class Contact(Model):
    """A call as FCR (measured) sees it."""

    call_id: int
    customer_id: int
    queue: str
    arrived_at: datetime
    ticket_ids: list[int] = Field(default_factory=list)


class Question(StrEnum):
    """The questions a survey may ask (`SurveyConfig.questions`)."""

    CSAT = "csat"
    NPS = "nps"
    SOLVED = "solved"
    COMMENT = "comment"


ALL_QUESTIONS = [Question.CSAT, Question.NPS, Question.SOLVED, Question.COMMENT]


class SurveyScope(StrEnum):
    QUEUE = "queue"
    CAMPAIGN = "campaign"


class SurveyConfig(Model):
    """Whether the survey after a call of this queue (or campaign) is on, and which questions
    it asks. A campaign's configuration wins over its queue's; with neither, the survey is on
    with every question (backends/surveys/rules.py)."""

    scope: SurveyScope
    name: str = Field(min_length=1, max_length=60)
    enabled: bool = True
    questions: list[Question] = Field(default_factory=lambda: list(ALL_QUESTIONS),
                                      max_length=len(ALL_QUESTIONS))


class SurveyTarget(Model):
    """A customer to survey later (an outbound survey campaign): their latest finished call in
    the period, with its number, operator and queue."""

    call_id: int
    customer_id: int
    number: str
    operator: str
    queue: str
    arrived_at: datetime
