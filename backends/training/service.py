"""The training use cases over a `TrainingStorage`; the rules of backends/training/rules.py run
here, once, for every store (docs/ARCHITECTURE.md). Each write is one storage transaction,
its events included (the instructor's board follows them on the change feed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.revalidation import revalidate
from backends.training import rules
from backends.training.models import (
    MAX_ACTIONS,
    Assignment,
    AssignmentState,
    Evaluation,
    LabSession,
    SessionState,
)
from backends.training.play import TraineeAction

if TYPE_CHECKING:
    from backends.training.inputs import EvaluationDraft, SessionDraft
    from backends.training.storage import TrainingStorage, TrainingWriter


class TrainingService:
    """The `Training` interface (backends/training/api.py) over a `TrainingStorage`."""

    def __init__(self, storage: TrainingStorage) -> None:
        self.storage = storage

    async def create_session(self, draft: SessionDraft) -> LabSession:
        draft = revalidate(draft)

        def write(tx: TrainingWriter) -> LabSession:
            session_id = tx.insert_session(draft)
            tx.append_event("training.session.created", f"session:{session_id}",
                            {"name": draft.name, "trainees": draft.trainees})
            return tx.get_session(session_id)

        return await self.storage.write(write)

    async def get_session(self, session_id: int) -> LabSession:
        return await self.storage.get_session(session_id)

    async def list_sessions(self) -> list[LabSession]:
        return await self.storage.list_sessions()

    async def _move(self, session_id: int, state: SessionState,
                    when: frozenset[SessionState]) -> LabSession:
        def write(tx: TrainingWriter) -> LabSession:
            before = tx.get_session(session_id)
            if not tx.set_session_state(session_id, state, when):
                raise Conflict(_("the session '{name}' is {state}").format(
                    name=before.name, state=before.state.value), current=before)
            tx.append_event(f"training.session.{state.value}", f"session:{session_id}", {})
            return tx.get_session(session_id)

        return await self.storage.write(write)

    async def start_session(self, session_id: int) -> LabSession:
        return await self._move(session_id, SessionState.RUNNING, rules.START_FROM)

    async def stop_session(self, session_id: int) -> LabSession:
        return await self._move(session_id, SessionState.STOPPED, rules.STOP_FROM)

    async def assign(self, session_id: int, trainee: str,
                     scenarios: list[str]) -> list[Assignment]:
        if not scenarios:
            raise Invalid("scenarios", _("name at least one scenario"))

        def write(tx: TrainingWriter) -> list[Assignment]:
            rules.check_trainee(tx.get_session(session_id), trainee)
            made = [tx.get_assignment(tx.insert_assignment(session_id, trainee, scenario))
                    for scenario in scenarios]
            tx.append_event("training.assigned", f"session:{session_id}",
                            {"trainee": trainee, "scenarios": scenarios,
                             "assignments": [a.id for a in made]})
            return made

        return await self.storage.write(write)

    async def list_assignments(self, session_id: int | None = None,
                               trainee: str | None = None) -> list[Assignment]:
        return await self.storage.list_assignments(session_id, trainee)

    async def get_assignment(self, assignment_id: int) -> Assignment:
        return await self.storage.get_assignment(assignment_id)

    async def _step(self, assignment_id: int, trainee: str, state: AssignmentState,
                    when: AssignmentState, kind: str) -> Assignment:
        def write(tx: TrainingWriter) -> Assignment:
            before = tx.get_assignment(assignment_id)
            rules.check_own(before, trainee)
            self._running(tx, before)
            if not tx.set_assignment_state(assignment_id, state, when):
                raise Conflict(_("assignment {id} is {state}").format(
                    id=assignment_id, state=before.state.value), current=before)
            tx.append_event(kind, f"assignment:{assignment_id}",
                            {"trainee": trainee, "session": before.session_id,
                             "scenario": before.scenario})
            return tx.get_assignment(assignment_id)

        return await self.storage.write(write)

    @staticmethod
    def _running(tx: TrainingWriter, assignment: Assignment) -> None:
        """Trainees act only while their session runs (the instructor's start and stop)."""
        session = tx.get_session(assignment.session_id)
        if session.state is not SessionState.RUNNING:
            raise Conflict(_("the session '{name}' is not running").format(
                name=session.name), current=assignment)

    async def begin(self, assignment_id: int, trainee: str) -> Assignment:
        return await self._step(assignment_id, trainee, AssignmentState.ACTIVE,
                                AssignmentState.PENDING, "training.begun")

    async def finish(self, assignment_id: int, trainee: str) -> Assignment:
        return await self._step(assignment_id, trainee, AssignmentState.DONE,
                                AssignmentState.ACTIVE, "training.finished")

    async def record(self, assignment_id: int, trainee: str,
                     action: TraineeAction) -> Assignment:
        action = revalidate(action)

        def write(tx: TrainingWriter) -> Assignment:
            before = tx.get_assignment(assignment_id)
            rules.check_own(before, trainee)
            self._running(tx, before)
            if before.state is not AssignmentState.ACTIVE:
                raise Conflict(_("assignment {id} is {state}").format(
                    id=assignment_id, state=before.state.value), current=before)
            if len(before.actions) >= MAX_ACTIONS:
                raise Invalid("action", _("an assignment keeps at most {count} actions")
                              .format(count=MAX_ACTIONS))
            if not tx.save_actions(assignment_id, [*before.actions, action], before.version):
                raise Conflict(_("assignment {id} changed meanwhile").format(
                    id=assignment_id), current=before)
            tx.append_event("training.action", f"assignment:{assignment_id}",
                            {"trainee": trainee, "session": before.session_id,
                             "kind": action.kind.value, "value": action.value,
                             "at": action.at})
            return tx.get_assignment(assignment_id)

        return await self.storage.write(write)

    async def evaluate(self, draft: EvaluationDraft) -> Evaluation:
        draft = revalidate(draft)

        def write(tx: TrainingWriter) -> Evaluation:
            if draft.subject.startswith("assignment:"):
                tx.get_assignment(int(draft.subject.partition(":")[2]))  # NotFound
            evaluation_id = tx.save_evaluation(draft)
            tx.append_event("training.evaluated", draft.subject,
                            {"evaluator": draft.evaluator, "form": draft.form})
            return tx.get_evaluation(evaluation_id)

        return await self.storage.write(write)

    async def list_evaluations(self, subject: str) -> list[Evaluation]:
        return await self.storage.list_evaluations(subject[:60])
