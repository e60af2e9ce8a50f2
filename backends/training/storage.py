"""What the training service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). `write(work)` is one transaction; `work` is synchronous and gets a
`TrainingWriter`, whose changes and events are committed together."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from backends.training.models import (
    Assignment,
    AssignmentState,
    Evaluation,
    LabSession,
    SessionState,
)
from backends.training.play import TraineeAction

if TYPE_CHECKING:
    from backends.training.inputs import EvaluationDraft, SessionDraft

T = TypeVar("T")


class TrainingWriter(Protocol):
    def insert_session(self, draft: SessionDraft) -> int: ...

    def get_session(self, session_id: int) -> LabSession:
        """NotFound when there is no such session."""

    def set_session_state(self, session_id: int, state: SessionState,
                          when: frozenset[SessionState]) -> bool:
        """The state (and its time) when the session is in one of `when`; False otherwise."""

    def insert_assignment(self, session_id: int, trainee: str, scenario: str) -> int:
        """Last in the trainee's sequence of that session."""

    def get_assignment(self, assignment_id: int) -> Assignment:
        """NotFound when there is no such assignment."""

    def set_assignment_state(self, assignment_id: int, state: AssignmentState,
                             when: AssignmentState) -> bool:
        """The state (and its time) when it is `when`; False otherwise."""

    def save_actions(self, assignment_id: int, actions: list[TraineeAction],
                     version: int) -> bool:
        """Replace the actions when the version is `version` (bumped); False otherwise."""

    def save_evaluation(self, draft: EvaluationDraft) -> int:
        """Insert or replace by (subject, evaluator); the evaluation's id."""

    def get_evaluation(self, evaluation_id: int) -> Evaluation: ...

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class TrainingStorage(Protocol):
    async def write(self, work: Callable[[TrainingWriter], T]) -> T: ...

    async def get_session(self, session_id: int) -> LabSession: ...

    async def list_sessions(self) -> list[LabSession]:
        """Newest first."""

    async def list_assignments(self, session_id: int | None,
                               trainee: str | None) -> list[Assignment]:
        """By session, trainee, position."""

    async def get_assignment(self, assignment_id: int) -> Assignment: ...

    async def list_evaluations(self, subject: str) -> list[Evaluation]:
        """By evaluator."""
