"""`centralino demo --as trainer` and `--as trainee`: a ready-made demo class on the demo
database (console/demo_roles.py), so a newcomer sees the lab in one command: the trainee's
console with a simulated caller, or the instructor's board with two simulated trainees at
work (docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

import asyncio
from typing import Any

from backends.errors import BackendError, NotFound
from backends.people.models import Operator, Role
from backends.protocol import Backend
from backends.training.api import TRAINING
from backends.training.catalog import Library
from backends.training.inputs import SessionDraft
from backends.training.models import SessionState
from console.common import apply_settings, backend_for, fail
from console.settings import Settings

CLASS = "Demo class"
TRAINER, TRAINEE = "trainer", "trainee"
SIMULATED = ("ada", "bruno")
SEQUENCE = ["identify-calm", "info-opening-hours", "complaint-late-delivery",
            "ticket-router-fault", "outbound-survey", "switchboard-message"]


async def demo_class(backend: Backend) -> int:
    """The demo class's session (made, assigned and started on first use); its id."""
    lab = backend.domain(TRAINING)
    for session in await lab.list_sessions():
        if session.name == CLASS:
            if session.state is not SessionState.RUNNING:
                await lab.start_session(session.id)
            return session.id
    for name, role in ((TRAINER, Role.TRAINER), (TRAINEE, Role.OPERATOR),
                       *((n, Role.OPERATOR) for n in SIMULATED)):
        try:
            await backend.people.get_operator(name)
        except NotFound:
            await backend.people.upsert_operator(Operator(name=name, display_name=name.title(),
                                                          role=role))
    session = await lab.create_session(SessionDraft(name=CLASS,
                                                    trainees=[TRAINEE, *SIMULATED]))
    for trainee in (TRAINEE, *SIMULATED):
        await lab.assign(session.id, trainee, SEQUENCE)
    await lab.start_session(session.id)
    return session.id


def _prepare(flags: dict[str, Any]) -> tuple[Settings, int]:
    settings = apply_settings(flags)

    async def make() -> int:
        backend = backend_for(settings)
        await backend.open()
        try:
            return await demo_class(backend)
        finally:
            await backend.close()

    try:
        return settings, asyncio.run(make())
    except BackendError as exc:  # a store refusing, a bad scenario file: one line
        fail(exc)


def _library(settings: Settings) -> Library:
    from console import lab_library

    try:
        return lab_library.load(settings.language)
    except BackendError as exc:  # ScenarioError: file, step, reason
        fail(exc)


def trainer(flags: dict[str, Any], _background: list[Any]) -> None:
    """The instructor's board on the demo class, two simulated trainees playing."""
    from console.lab_app import LabApp
    from console.lab_trainees import play_trainee
    from screens.training.board_screen import BoardScreen

    settings, session = _prepare(flags)
    library = _library(settings)
    tasks = [lambda b, t=t: play_trainee(b, library, t, forever=True) for t in SIMULATED]
    LabApp(backend_for(settings), lambda b: BoardScreen(
        b.domain(TRAINING), b.feed, library, session, settings.operator, settings.language),
        background=tasks).run()


def trainee(flags: dict[str, Any], _background: list[Any]) -> None:
    """The trainee's console on the demo class."""
    from console.lab_app import LabApp
    from screens.training.trainee_screen import TraineeScreen

    settings, _session = _prepare(flags)
    library = _library(settings)
    LabApp(backend_for(settings), lambda b: TraineeScreen(
        b.domain(TRAINING), library, settings.operator, settings.language)).run()
