"""`centralino lab …`: the instructor's commands for the training lab (docs/ARCHITECTURE.md,
"console/"): the library of scenarios, a class of trainees (created as operators), their
scenarios, starting and stopping a session, the results (table, CSV or JSON)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click

from backends.errors import NotFound, invalid_from_validation
from backends.i18n import _
from backends.people.models import Operator, Role
from backends.protocol import Backend
from backends.sanitize import clean_line
from backends.training.api import TRAINING
from backends.training.catalog import Library, check_in_library
from backends.training.models import Assignment, Evaluation, LabSession, session_state_label
from backends.training.rules import board_session
from backends.training.scenarios import ScenarioError, load_file
from console import lab_library
from console.cli_lab_qa import calibrate_call, qa
from console.common import backend_for, fail, run_with_backend, settings_from
from console.lab_results import emit_results
from console.settings import Settings

T = TypeVar("T")


@click.group("lab")
def lab() -> None:
    """The training lab: scenarios, classes, sessions, results."""


lab.add_command(qa)
lab.add_command(calibrate_call)


@lab.command("scenarios")
@click.pass_context
def scenarios(ctx: click.Context) -> None:
    """List the scenarios of the library (shipped and your own), checked."""
    settings = settings_from(ctx)
    library = _library(settings)
    for scenario in sorted(library.scenarios.values(), key=lambda s: (s.competence, s.id)):
        click.echo(clean_line(f"{scenario.id:<28} {scenario.competence.value:<18} "
                              f"{scenario.text(scenario.title, settings.language)}"))


@lab.command("check")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Check scenario files: each is refused with its file, step and reason."""
    try:
        names = lab_library.load_without_scenarios()
    except ScenarioError as exc:  # a form or topics file of the library is bad
        fail(exc)
    bad = 0
    for path in files:
        try:
            scenario = load_file(path)
            # …and what it names (form, criteria, topics) against the library it joins
            check_in_library(names, scenario)
        except ScenarioError as exc:
            bad += 1
            click.echo(click.style(_("refused: "), fg="red") + clean_line(exc.message),
                       err=True)
            continue
        click.echo(clean_line(_("{file}: {id}, {count} steps").format(
            file=path.name, id=scenario.id, count=len(scenario.steps))))
    if bad:
        raise SystemExit(1)


def _describe(session: LabSession) -> str:
    return clean_line(f"#{session.id} {session.name} [{session_state_label(session.state)}] "
                      f"{', '.join(session.trainees)}")


@lab.command("create")
@click.argument("name")
@click.option("--trainee", "-t", "trainees", multiple=True, required=True,
              help=_("a trainee's login (repeat for each)"))
@click.pass_context
def create(ctx: click.Context, name: str, trainees: tuple[str, ...]) -> None:
    """Create a class: its trainees become operators of this lab database."""
    from pydantic import ValidationError  # the input model's: only for this command

    from backends.training.inputs import SessionDraft

    settings = settings_from(ctx)
    try:
        draft = SessionDraft(name=name, trainees=list(trainees))
    except ValidationError as exc:
        fail(invalid_from_validation(exc))

    async def work(backend: Backend) -> LabSession:
        for trainee in draft.trainees:
            try:
                await backend.people.get_operator(trainee)
            except NotFound:
                await backend.people.upsert_operator(Operator(
                    name=trainee, display_name=trainee, role=Role.OPERATOR))
        return await backend.domain(TRAINING).create_session(draft)

    click.echo(_describe(_run(settings, work)))


@lab.command("assign")
@click.argument("session", type=int)
@click.argument("trainee")
@click.argument("scenario_ids", nargs=-1, required=True)
@click.pass_context
def assign(ctx: click.Context, session: int, trainee: str,
           scenario_ids: tuple[str, ...]) -> None:
    """Give TRAINEE the scenarios, in this order (a sequence); `all` for every trainee."""
    settings = settings_from(ctx)
    library = _library(settings)
    unknown = [s for s in scenario_ids if s not in library.scenarios]
    if unknown:
        fail(_("no scenario {ids} (see `centralino lab scenarios`)").format(
            ids=", ".join(unknown)))

    async def work(backend: Backend) -> int:
        lab_ = backend.domain(TRAINING)
        who = (await lab_.get_session(session)).trainees if trainee == "all" else [trainee]
        for name in who:
            await lab_.assign(session, name, list(scenario_ids))
        return len(who)

    count = _run(settings, work)
    click.echo(_("{count} scenarios assigned to {people} trainees").format(
        count=len(scenario_ids), people=count))


@lab.command("start")
@click.argument("session", type=int)
@click.pass_context
def start(ctx: click.Context, session: int) -> None:
    """Start (or resume) a session: trainees can begin their scenarios."""
    settings = settings_from(ctx)
    click.echo(_describe(_run(settings, lambda b: b.domain(TRAINING).start_session(session))))


@lab.command("stop")
@click.argument("session", type=int)
@click.pass_context
def stop(ctx: click.Context, session: int) -> None:
    """Stop a session: no trainee can act until it is started again."""
    settings = settings_from(ctx)
    click.echo(_describe(_run(settings, lambda b: b.domain(TRAINING).stop_session(session))))


@lab.command("sessions")
@click.pass_context
def sessions(ctx: click.Context) -> None:
    """List the sessions, newest first."""
    settings = settings_from(ctx)
    for session in _run(settings, lambda b: b.domain(TRAINING).list_sessions()):
        click.echo(_describe(session))


@lab.command("results")
@click.argument("session", type=int)
@click.option("--trainee", default=None, help=_("only this trainee"))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "report"]),
              default="table", show_default=True,
              help=_("report: a printable report per trainee"))
@click.pass_context
def results(ctx: click.Context, session: int, trainee: str | None, fmt: str) -> None:
    """Each trainee's result per scenario and indicator, against the thresholds."""
    settings = settings_from(ctx)
    library = _library(settings)
    emit_results(_run(settings, lambda b: _gather(b, session, trainee)), library, fmt,
                 settings.language)


async def _gather(backend: Backend, session: int,
                  trainee: str | None) -> list[tuple[Assignment, list[Evaluation]]]:
    lab_ = backend.domain(TRAINING)
    found = await lab_.list_assignments(session, trainee)
    return [(a, await lab_.list_evaluations(f"assignment:{a.id}")) for a in found]


def _run(settings: Settings, work: Callable[[Backend], Awaitable[T]]) -> T:
    return run_with_backend(settings, work)


@lab.command("board")
@click.argument("session", type=int, required=False)
@click.pass_context
def board(ctx: click.Context, session: int | None) -> None:
    """The instructor's board: every trainee of SESSION live (by default the newest running
    session, else the newest)."""
    from console.lab_app import LabApp
    from screens.training.board_screen import BoardScreen

    settings = settings_from(ctx)
    library = _library(settings)
    chosen = session if session is not None else _run(settings, _board_session)
    if chosen is None:
        fail(_("There is no lab session yet: `centralino lab create` makes one."))
    LabApp(backend_for(settings), lambda b: BoardScreen(
        b.domain(TRAINING), b.feed, library, chosen, settings.operator,
        settings.language)).run()


async def _board_session(backend: Backend) -> int | None:
    found = board_session(await backend.domain(TRAINING).list_sessions())
    return None if found is None else found.id


@lab.command("train")
@click.option("--desk", is_flag=True,
              help=_("work each call at the real desk (`centralino` in another terminal): "
                     "this window is the caller"))
@click.pass_context
def train(ctx: click.Context, desk: bool) -> None:
    """The trainee's console for --operator: the scenarios assigned, one after another."""
    from console.lab_app import LabApp
    from screens.training.desk_tools import DeskTools
    from screens.training.trainee_screen import TraineeScreen

    settings = settings_from(ctx)
    library = _library(settings)
    LabApp(backend_for(settings), lambda b: TraineeScreen(
        b.domain(TRAINING), library, settings.operator, settings.language,
        desk=DeskTools(b.calls, b.customers, b.tickets, b.feed) if desk else None)).run()


def _library(settings: Settings) -> Library:
    try:
        return lab_library.load(settings.language)
    except ScenarioError as exc:
        fail(exc)


@lab.command("progress")
@click.argument("trainee")
@click.pass_context
def progress_plot(ctx: click.Context, trainee: str) -> None:
    """TRAINEE's progress over sessions, as a plot in the terminal."""
    from console.lab_app import LabApp
    from screens.training.progress_screen import ProgressScreen

    settings = settings_from(ctx)
    library = _library(settings)
    LabApp(backend_for(settings), lambda b: ProgressScreen(
        b.domain(TRAINING), library, trainee)).run()


@lab.command("web")
@click.option("--host", default="127.0.0.1", show_default=True,
              help=_("address to listen on (keep 127.0.0.1 behind a reverse proxy)"))
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--public-url", default=None,
              help=_("the address browsers use, when not http://HOST:PORT (a TLS proxy)"))
@click.pass_context
def web(ctx: click.Context, host: str, port: int, public_url: str | None) -> None:
    """The lab in a browser, behind its sign-in (login and token): trainees get their
    console, instructors the board."""
    from backends.registry import scheme_of, sqlite_path

    settings = settings_from(ctx)
    if scheme_of(settings.backend) != "sqlite":
        fail(_("the lab in a browser runs beside the lab's SQLite database, where its tokens "
               "are (use --backend sqlite:///path/to/lab.db)"))
    _run(settings, _opened)  # created, migrated or refused before the token store is read
    try:
        from console.lab_web import serve
    except ImportError:
        fail(_("the lab in a browser needs textual-serve: pip install 'centralino[web]'"))
    serve(sqlite_path(settings.backend), backend_for(settings), ["--backend", settings.backend],
          host, port, public_url)


async def _opened(backend: Backend) -> None:
    return None
