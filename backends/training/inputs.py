"""What creates a lab session, assigns scenarios and scores a form (pydantic input models,
imported when one is made, not at start-up). The records are in backends/training/models.py.
See docs/ARCHITECTURE.md."""

from __future__ import annotations

from typing import Self

from pydantic import Field, field_validator, model_validator

from backends.model_base import Model
from backends.training.models import MAX_ASSIGNED, MAX_SCORES, MAX_TRAINEES, NAME


class SessionDraft(Model):
    name: str = Field(min_length=1, max_length=80)
    trainees: list[str] = Field(default_factory=list, max_length=MAX_TRAINEES)

    @field_validator("trainees")
    @classmethod
    def _names(cls, values: list[str]) -> list[str]:
        seen: dict[str, None] = {}
        for value in values:
            value = value.strip()
            if not value or len(value) > 40 or not all(
                    c.isalnum() or c in "._@-" for c in value):
                raise ValueError(f"'{value}' is not an operator's login")
            seen[value] = None
        return list(seen)


class AssignRequest(Model):
    trainee: str = Field(min_length=1, max_length=40, pattern=NAME)
    scenarios: list[str] = Field(min_length=1, max_length=MAX_ASSIGNED)

    @field_validator("scenarios")
    @classmethod
    def _ids(cls, values: list[str]) -> list[str]:
        for value in values:
            if not 0 < len(value) <= 60 or not all(c.isalnum() or c == "-" for c in value):
                raise ValueError(f"'{value}' is not a scenario id")
        return values


class EvaluationDraft(Model):
    """A person's scores on a form for a subject: "assignment:<id>" in the lab, "call:<id>"
    for a quality check. One per subject and evaluator (a second replaces the first)."""

    subject: str = Field(min_length=1, max_length=60, pattern=r"^(assignment|call):[0-9]+$")
    form: str = Field(min_length=1, max_length=40)
    evaluator: str = Field(min_length=1, max_length=40, pattern=NAME)
    scores: dict[str, int | None] = Field(default_factory=dict)
    comment: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if len(self.scores) > MAX_SCORES:
            raise ValueError(f"at most {MAX_SCORES} scores")
        for key, value in self.scores.items():
            if len(key) > 40 or (value is not None and not 0 <= value <= 10):
                raise ValueError(f"'{key[:40]}': a score is 0 to 10 points or null")
        return self
