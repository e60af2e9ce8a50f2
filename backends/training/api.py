"""The training use cases: lab sessions, assignments, what trainees do, evaluations.

One of the domain interfaces a backend provides (docs/ARCHITECTURE.md), reached with
`backend.domain(TRAINING)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey
from backends.training.models import Assignment, Evaluation, LabSession
from backends.training.play import TraineeAction

if TYPE_CHECKING:
    from backends.training.inputs import EvaluationDraft, SessionDraft


@runtime_checkable
class Training(Protocol):
    async def create_session(self, draft: SessionDraft) -> LabSession: ...

    async def get_session(self, session_id: int) -> LabSession: ...

    async def list_sessions(self) -> list[LabSession]:
        """Newest first."""

    async def start_session(self, session_id: int) -> LabSession:
        """Planned or stopped → running; Conflict when it is running already."""

    async def stop_session(self, session_id: int) -> LabSession:
        """Running → stopped; Conflict otherwise."""

    async def assign(self, session_id: int, trainee: str,
                     scenarios: list[str]) -> list[Assignment]:
        """Append scenarios to a trainee's sequence; Invalid when not in the class."""

    async def list_assignments(self, session_id: int | None = None,
                               trainee: str | None = None) -> list[Assignment]:
        """By session, trainee, position."""

    async def get_assignment(self, assignment_id: int) -> Assignment: ...

    async def begin(self, assignment_id: int, trainee: str) -> Assignment:
        """Pending → active, for its own trainee, while the session runs (else Conflict)."""

    async def record(self, assignment_id: int, trainee: str,
                     action: TraineeAction) -> Assignment:
        """Append what the trainee did to an active assignment of theirs."""

    async def finish(self, assignment_id: int, trainee: str) -> Assignment:
        """Active → done."""

    async def evaluate(self, draft: EvaluationDraft) -> Evaluation:
        """Store (or replace) one evaluator's scores for a subject."""

    async def list_evaluations(self, subject: str) -> list[Evaluation]:
        """By evaluator."""


TRAINING: DomainKey[Training] = DomainKey("training")
