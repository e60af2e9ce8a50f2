"""Surveys on the wire: the bodies are the domain's models, named here so the server builds
their validators before its first request (backends/server/deps.py builds every model a wire
module holds). Part of the wire contract (backends/wire, docs/ARCHITECTURE.md)."""

from __future__ import annotations

from backends.surveys.inputs import FeedbackDraft, SurveyAnswerDraft
from backends.surveys.models import (
           Feedback,
           FeedbackReport,
           ReportComment,
           ReportQuery,
           SurveyAnswer,
)

__all__ = ["Feedback", "FeedbackDraft", "FeedbackReport", "ReportComment", "ReportQuery",
           "SurveyAnswer", "SurveyAnswerDraft"]
