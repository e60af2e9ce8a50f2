"""The training lab over HTTP: sessions, assignments, trainees' actions, evaluations.

One router per domain (docs/ARCHITECTURE.md), registered in backends/domain_registry.py with
its actions (`ACTIONS`): the instructor (trainer, supervisor, admin) manages and evaluates;
a trainee acts only on their own assignments and lists only their own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.errors import Forbidden
from backends.i18n import _
from backends.people.models import Role
from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import Id
from backends.server.policy import Identity
from backends.training.api import TRAINING, Training
from backends.training.models import Assignment, Evaluation, LabSession
from backends.training.rules import INSTRUCTORS
from backends.wire.training import (
    ActionRequest,
    AssignRequest,
    EvaluationDraft,
    SessionDraft,
    TraineeRequest,
)

ACTIONS = {
    "training.manage": INSTRUCTORS,
    "training.evaluate": INSTRUCTORS,
    "training.act": frozenset({Role.OPERATOR, Role.RECEPTIONIST, *INSTRUCTORS}),
}
router = APIRouter(prefix="/v1/training", responses=ERROR_RESPONSES, tags=["training"])
Manager = Annotated[Identity, guard("training.manage")]
Evaluator = Annotated[Identity, guard("training.evaluate")]
Trainee = Annotated[Identity, guard("training.act")]


def training(request: Request) -> Training:
    return backend(request).domain(TRAINING)


def _own(who: Identity, trainee: str) -> None:
    """A trainee acts as themselves; an instructor may act for one (a demo, a rescue)."""
    if who.role not in INSTRUCTORS:
        who.acts_as(trainee, _("trainee"))


@router.post("/sessions", response_model=LabSession)
async def create_session(draft: SessionDraft, request: Request, who: Manager) -> Response:
    return await once(request, who, lambda: training(request).create_session(draft))


@router.get("/sessions", response_model=list[LabSession])
async def list_sessions(request: Request, who: Reader) -> Response:
    return respond(await training(request).list_sessions())


@router.get("/sessions/{session_id}", response_model=LabSession)
async def get_session(session_id: Id, request: Request, who: Reader) -> Response:
    return respond(await training(request).get_session(session_id))


@router.post("/sessions/{session_id}/start", response_model=LabSession)
async def start_session(session_id: Id, request: Request, who: Manager) -> Response:
    return await once(request, who, lambda: training(request).start_session(session_id))


@router.post("/sessions/{session_id}/stop", response_model=LabSession)
async def stop_session(session_id: Id, request: Request, who: Manager) -> Response:
    return await once(request, who, lambda: training(request).stop_session(session_id))


@router.post("/sessions/{session_id}/assignments", response_model=list[Assignment])
async def assign(session_id: Id, body: AssignRequest, request: Request,
                 who: Manager) -> Response:
    return await once(request, who, lambda: training(request).assign(
        session_id, body.trainee, body.scenarios))


@router.get("/assignments", response_model=list[Assignment])
async def list_assignments(request: Request, who: Trainee,
                           session: Annotated[int | None, Query(ge=1)] = None,
                           trainee: Annotated[str | None, Query(max_length=40)] = None
                           ) -> Response:
    if who.role not in INSTRUCTORS:  # a trainee sees only their own
        if trainee not in (None, who.operator):
            raise Forbidden(_("a trainee sees only their own assignments"))
        trainee = who.operator
    return respond(await training(request).list_assignments(session, trainee))


@router.get("/assignments/{assignment_id}", response_model=Assignment)
async def get_assignment(assignment_id: Id, request: Request, who: Trainee) -> Response:
    found = await training(request).get_assignment(assignment_id)
    _own(who, found.trainee)
    return respond(found)


@router.post("/assignments/{assignment_id}/begin", response_model=Assignment)
async def begin(assignment_id: Id, body: TraineeRequest, request: Request,
                who: Trainee) -> Response:
    _own(who, body.trainee)
    return await once(request, who, lambda: training(request).begin(assignment_id,
                                                                     body.trainee))


@router.post("/assignments/{assignment_id}/actions", response_model=Assignment)
async def record(assignment_id: Id, body: ActionRequest, request: Request,
                 who: Trainee) -> Response:
    _own(who, body.trainee)
    return await once(request, who, lambda: training(request).record(
        assignment_id, body.trainee, body.action))


@router.post("/assignments/{assignment_id}/finish", response_model=Assignment)
async def finish(assignment_id: Id, body: TraineeRequest, request: Request,
                 who: Trainee) -> Response:
    _own(who, body.trainee)
    return await once(request, who, lambda: training(request).finish(assignment_id,
                                                                      body.trainee))


@router.post("/evaluations", response_model=Evaluation)
async def evaluate(draft: EvaluationDraft, request: Request, who: Evaluator) -> Response:
    who.acts_as(draft.evaluator, _("evaluator"))
    return await once(request, who, lambda: training(request).evaluate(draft))


@router.get("/evaluations", response_model=list[Evaluation])
async def list_evaluations(request: Request, who: Evaluator,
                           subject: Annotated[str, Query(min_length=1, max_length=60)]
                           ) -> Response:
    return respond(await training(request).list_evaluations(subject))
