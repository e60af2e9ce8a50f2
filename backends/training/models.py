"""The training domain's records: lab sessions (a class of trainees), assignments (one
scenario for one trainee, with what the trainee did) and evaluations (a form scored by a
person, in the lab or for a quality check of a real call). See docs/ARCHITECTURE.md; forms
and scenarios, which are files rather than records, are in forms.py and scenarios.py; what
creates a session, assigns scenarios or scores a form is in inputs.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum

from backends.i18n import _
from backends.record import Record
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


@dataclass(kw_only=True)
class LabSession(Record):
    id: int
    name: str
    trainees: list[str]
    state: SessionState
    created_at: datetime
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    version: int = 1


@dataclass(kw_only=True)
class Assignment(Record):
    id: int
    session_id: int
    trainee: str
    scenario: str
    position: int
    state: AssignmentState
    actions: list[TraineeAction] = field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    version: int = 1


@dataclass(kw_only=True)
class Evaluation(Record):
    """A person's scores on a form (inputs.EvaluationDraft), stored."""

    subject: str  # "assignment:<id>" in the lab, "call:<id>" for a quality check
    form: str
    evaluator: str
    scores: dict[str, int | None] = field(default_factory=dict)
    comment: str = ""
    id: int
    at: datetime
