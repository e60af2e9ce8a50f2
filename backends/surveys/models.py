"""The surveys domain's vocabulary: a survey answer (stored with the call, the operator, the
queue, the campaign and the customer), feedback (a complaint or a suggestion), the feedback
report's query and figures and a survey's configuration: records (backends/record.py). What
records an answer or adds feedback is in backends/surveys/inputs.py; the definitions are in
backends/surveys/rules.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, Le, MaxLen, MinLen

from backends.checks import utcnow
from backends.record import Record

MAX_COMMENTS = 500  # comments one report carries
NO_ANSWER = "a survey answer needs at least one answer or a comment"


def answered(csat: int | None, nps: int | None, solved: bool | None, comment: str) -> bool:
    """Whether a survey answer holds at least one answer or a comment."""
    return not (csat is None and nps is None and solved is None and not comment)


@dataclass(kw_only=True)
class SurveyAnswer(Record):
    """A stored answer: the fields of its draft (backends/surveys/inputs.py), in the same
    order, then its id and time."""

    call_id: Annotated[int, Ge(1)] | None = None
    operator: Annotated[str, MinLen(1), MaxLen(40)]
    queue: Annotated[str, MinLen(1), MaxLen(60)] = "general"
    campaign: Annotated[str, MinLen(1), MaxLen(60)] | None = None
    customer_id: Annotated[int, Ge(1)] | None = None
    csat: Annotated[int, Ge(1), Le(5)] | None = None  # 1 (very unhappy) … 5
    nps: Annotated[int, Ge(0), Le(10)] | None = None  # 0 … 10: would recommend
    solved: bool | None = None  # was your request solved?
    comment: Annotated[str, MaxLen(2000)] = ""
    id: int
    answered_at: datetime = field(default_factory=utcnow)

    def __post_init__(self) -> None:
        if not answered(self.csat, self.nps, self.solved, self.comment):
            from backends.errors import Invalid

            raise Invalid(None, NO_ANSWER)


class FeedbackKind(StrEnum):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"


@dataclass(kw_only=True)
class Feedback(Record):
    """Stored feedback: the fields of its draft (backends/surveys/inputs.py), in the same
    order, then its id and time."""

    kind: FeedbackKind
    topic: Annotated[str, MinLen(1), MaxLen(60)]
    text: Annotated[str, MinLen(1), MaxLen(4000)]
    customer_id: Annotated[int, Ge(1)] | None = None
    product: Annotated[str, MaxLen(80)] = ""
    call_id: Annotated[int, Ge(1)] | None = None
    survey_id: Annotated[int, Ge(1)] | None = None
    operator: Annotated[str, MinLen(1), MaxLen(40)]
    queue: Annotated[str, MinLen(1), MaxLen(60)] = "general"
    id: int
    created_at: datetime = field(default_factory=utcnow)


@dataclass(kw_only=True)
class ReportQuery(Record):
    """What a feedback report (or the survey targets) covers. A record, not an input model:
    the report carries it; given to the service it is checked there (revalidate)."""

    since: datetime
    until: datetime
    queue: Annotated[str, MaxLen(60)] | None = None
    operator: Annotated[str, MaxLen(40)] | None = None
    campaign: Annotated[str, MaxLen(60)] | None = None


@dataclass(kw_only=True)
class ReportComment(Record):
    answered_at: datetime
    operator: str
    queue: str
    csat: int | None = None
    nps: int | None = None
    comment: str


@dataclass(kw_only=True)
class FeedbackReport(Record):
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
    comments: list[ReportComment] = field(default_factory=list)


@dataclass(kw_only=True)
class Contact(Record):
    """A call as FCR (measured) sees it."""

    call_id: int
    customer_id: int
    queue: str
    arrived_at: datetime
    ticket_ids: list[int] = field(default_factory=list)


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


@dataclass(kw_only=True)
class SurveyConfig(Record):
    """Whether the survey after a call of this queue (or campaign) is on, and which questions
    it asks. A campaign's configuration wins over its queue's; with neither, the survey is on
    with every question (backends/surveys/rules.py). Also given as input (checked by its
    bounds, and by rules.check_config)."""

    scope: SurveyScope
    name: Annotated[str, MinLen(1), MaxLen(60)]
    enabled: bool = True
    questions: Annotated[list[Question], MaxLen(len(ALL_QUESTIONS))] = field(
        default_factory=lambda: list(ALL_QUESTIONS))


@dataclass(kw_only=True)
class SurveyTarget(Record):
    """A customer to survey later (an outbound survey campaign): their latest finished call in
    the period, with its number, operator and queue."""

    call_id: int
    customer_id: int
    number: str
    operator: str
    queue: str
    arrived_at: datetime
