"""What records a survey answer and what adds feedback (pydantic input models, imported when
one is given, not at start-up). The records are in backends/surveys/models.py. See
docs/ARCHITECTURE.md."""

from __future__ import annotations

from pydantic import Field, model_validator

from backends.model_base import Model
from backends.surveys.models import NO_ANSWER, FeedbackKind, answered


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
        if not answered(self.csat, self.nps, self.solved, self.comment):
            raise ValueError(NO_ANSWER)
        return self


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
