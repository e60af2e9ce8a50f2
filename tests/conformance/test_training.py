"""The training domain on every backend (SQLite, our server, RT with its local store): lab
sessions start and stop once, assignments follow their trainee's sequence, only the trainee
acts on their own, actions are kept in order and reach the change feed, evaluations replace
one evaluator's earlier scores (backends/training)."""

from __future__ import annotations

import pytest

from backends.errors import Conflict, Forbidden, Invalid, NotFound
from backends.protocol import Backend
from backends.training.api import TRAINING
from backends.training.inputs import EvaluationDraft, SessionDraft
from backends.training.models import AssignmentState, SessionState
from backends.training.play import TraineeAction
from backends.training.scenarios import Action


async def test_a_session_runs_once_and_can_resume(backend: Backend) -> None:
    lab = backend.domain(TRAINING)
    made = await lab.create_session(SessionDraft(name="Lunedì A", trainees=["ada", "bruno"]))
    assert made.state is SessionState.PLANNED and made.trainees == ["ada", "bruno"]
    running = await lab.start_session(made.id)
    assert running.state is SessionState.RUNNING and running.started_at is not None
    with pytest.raises(Conflict):
        await lab.start_session(made.id)
    stopped = await lab.stop_session(made.id)
    assert stopped.state is SessionState.STOPPED and stopped.stopped_at is not None
    with pytest.raises(Conflict):
        await lab.stop_session(made.id)
    assert (await lab.start_session(made.id)).state is SessionState.RUNNING
    assert [s.name for s in await lab.list_sessions()] == ["Lunedì A"]
    with pytest.raises(NotFound):
        await lab.get_session(made.id + 1000)


async def test_assignments_and_a_trainees_own_actions(backend: Backend) -> None:
    lab = backend.domain(TRAINING)
    session = await lab.create_session(SessionDraft(name="B", trainees=["ada", "bruno"]))
    first, second = await lab.assign(session.id, "ada", ["identify-calm", "info-invoice-due"])
    (other,) = await lab.assign(session.id, "bruno", ["identify-calm"])
    assert (first.position, second.position, other.position) == (0, 1, 0)
    with pytest.raises(Invalid, match="carla"):
        await lab.assign(session.id, "carla", ["identify-calm"])
    with pytest.raises(Conflict):  # the session has not started
        await lab.begin(first.id, "ada")
    await lab.start_session(session.id)
    with pytest.raises(Forbidden):
        await lab.begin(first.id, "bruno")
    begun = await lab.begin(first.id, "ada")
    assert begun.state is AssignmentState.ACTIVE and begun.started_at is not None
    with pytest.raises(Conflict):
        await lab.record(second.id, "ada", TraineeAction(kind=Action.ANSWER))  # not begun
    await lab.record(first.id, "ada", TraineeAction(kind=Action.ANSWER, at=3.5))
    after = await lab.record(first.id, "ada",
                             TraineeAction(kind=Action.IDENTIFY, value="Anna Verdi", at=9))
    assert [(a.kind, a.value, a.at) for a in after.actions] == [
        (Action.ANSWER, None, 3.5), (Action.IDENTIFY, "Anna Verdi", 9.0)]
    with pytest.raises(Forbidden):
        await lab.record(first.id, "bruno", TraineeAction(kind=Action.NOTE))
    await lab.stop_session(session.id)
    with pytest.raises(Conflict, match="not running"):  # stopped: nobody acts
        await lab.record(first.id, "ada", TraineeAction(kind=Action.NOTE))
    await lab.start_session(session.id)
    done = await lab.finish(first.id, "ada")
    assert done.state is AssignmentState.DONE and done.finished_at is not None
    assert [a.id for a in await lab.list_assignments(session.id, "ada")] == [first.id,
                                                                             second.id]
    assert [a.trainee for a in await lab.list_assignments(session.id)] == ["ada", "ada",
                                                                          "bruno"]
    kinds = [e.kind for e in await backend.feed.read_events(0)
             if e.kind.startswith("training.")]
    assert kinds.count("training.action") == 2 and "training.finished" in kinds


async def test_evaluations_one_per_evaluator(backend: Backend) -> None:
    lab = backend.domain(TRAINING)
    session = await lab.create_session(SessionDraft(name="C", trainees=["ada"]))
    (assignment,) = await lab.assign(session.id, "ada", ["identify-calm"])
    subject = f"assignment:{assignment.id}"
    await lab.evaluate(EvaluationDraft(subject=subject, form="inbound", evaluator="ines",
                                       scores={"courtesy": 2}))
    await lab.evaluate(EvaluationDraft(subject=subject, form="inbound", evaluator="ines",
                                       scores={"courtesy": 4, "empathy": None},
                                       comment="meglio"))
    await lab.evaluate(EvaluationDraft(subject=subject, form="inbound", evaluator="zoe",
                                       scores={"courtesy": 3}))
    found = await lab.list_evaluations(subject)
    assert [(e.evaluator, e.scores) for e in found] == [
        ("ines", {"courtesy": 4, "empathy": None}), ("zoe", {"courtesy": 3})]
    assert found[0].comment == "meglio"
    with pytest.raises(NotFound):
        await lab.evaluate(EvaluationDraft(subject="assignment:999999", form="inbound",
                                           evaluator="ines"))
    call = await lab.evaluate(EvaluationDraft(subject="call:7", form="inbound",
                                              evaluator="ines", scores={"courtesy": 1}))
    assert call.subject == "call:7"
