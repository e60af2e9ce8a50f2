"""The training domain's records: lab sessions (a class of trainees), assignments (one
scenario for one trainee, with what the trainee did) and evaluations (a form scored by a
person, in the lab or for a quality check of a real call). See docs/ARCHITECTURE.md; forms
and scenarios, which are files rather than records, are in forms.py and scenarios.py.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import Field, field_validator, model_validator

from backends.i18n import _
from backends.model_base import Model
from backends.training.play import TraineeAction

MAX_TRAINEES = 60  # one class
MAX_ASSIGNED = 50  # scenarios assigned in one request
MAX_ACTIONS = 500  # actions of one assignment
MAX_SCORES = 100  # criteria of one evaluation
NAME = r"^[A-Za-z0-9._@-]+$"  # an operator's login


class SessionState(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    STOPPED = "stopped"


def session_state_label(state: SessionState) -> str:
    """The state as a person reads it, in their language."""
    return {SessionState.PLANNED: _("planned"), SessionState.RUNNING: _("running"),
            SessionState.STOPPED: _("stopped")}[state]


class AssignmentState(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DONE = "done"


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


class LabSession(Model):
    id: int
    name: str
    trainees: list[str]
    state: SessionState
    created_at: datetime
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    version: int = 1


class Assignment(Model):
    id: int
    session_id: int
    trainee: str
    scenario: str
    position: int
    state: AssignmentState
    actions: list[TraineeAction] = Field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    version: int = 1


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


class Evaluation(EvaluationDraft):
    id: int
    at: datetime
