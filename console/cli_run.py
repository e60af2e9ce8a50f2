"""`centralino` (the console on the configured backend) and `centralino demo` (the console on a
seeded demo database with simulated callers). Textual and the screens are imported only here,
after the settings are read, so a bad flag fails fast and the language applies to every label.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from backends.errors import BackendError
from backends.i18n import _
from console import demo_roles, paths
from console.operator_folders import (  # one drafts folder per backend and login, unshared
    adopt_legacy_drafts,
    backend_folder_name,
    operator_drafts_dir,
)

if TYPE_CHECKING:
    from console.boot import Launch
    from console.settings import Settings

DEMO_OPERATOR = "demo"


def _fail(exc: BackendError | str) -> None:
    from console.common import fail  # pydantic comes with it: only on the way out

    fail(exc)


def drafts_folder(settings: Settings) -> Path:
    """This operator's drafts folder on the configured backend, with the drafts an older
    version kept per login only moved in (console.operator_folders.adopt_legacy_drafts)."""
    folder = operator_drafts_dir(settings.operator, settings.backend)
    adopt_legacy_drafts(settings.operator, folder)
    return folder


def run_app(flags: dict[str, Any], *, background: list[Any] | None = None,
            app_class: Any = None) -> None:
    """The console in two steps (console.boot): the first frame from click and Textual alone,
    then settings, backend and screens in a worker. A backend URL of an unknown kind is still
    refused before anything is drawn. `app_class`: a BootingApp subclass showing another
    screen (a role launcher's, such as the switchboard's)."""
    from backends.urls import scheme_of

    try:
        if flags.get("backend"):
            scheme_of(flags["backend"])
    except BackendError as exc:
        _fail(exc)

    def prepare() -> Launch:
        from console.boot import Launch
        from console.common import apply_settings, backend_for

        settings = apply_settings(flags)
        backend = backend_for(settings)
        import screens.main_screen  # noqa: F401  (imported here, not on the event loop)
        from backends.callbacks.when import operator_zone
        from screens.callbacks.booking import CallbackDefaults

        defaults = CallbackDefaults(operator_zone(settings.timezone),
                                    settings.callback_window_minutes,
                                    settings.callback_grace_minutes)
        tasks = list(background or [])
        if settings.smtp_host and scheme_of(settings.backend) != "http":
            # messages by e-mail (console/mail_task.py), from a console on a store of its own;
            # over HTTP the server lets only the mail worker claim them (`centralino mailer`)
            from console.mail_task import mailer_task

            tasks.append(mailer_task(settings))
        return Launch(backend, settings.operator, drafts_folder(settings),
                      keymap=settings.keys, background=tasks,
                      offer_timeout=settings.offer_timeout,
                      callback_defaults=defaults)

    from console.boot import BootingApp
    from console.language import activate_early

    activate_early()  # the first frame in the operator's language; the settings confirm it
    app = (app_class or BootingApp)(prepare, operator_hint=flags.get("operator") or "")
    app.run()
    if app.boot_error is not None:
        _fail(app.boot_error)


def run_console(ctx: click.Context) -> None:
    """The bare `centralino` command: the console for the configured operator."""
    from console.flags import flags_of

    run_app(flags_of(ctx))


# ---------------------------------------------------------------------------------- demo
async def _seed(path: Path, customers: int, settings: Settings) -> None:
    """Seed into a side file and move it in place only when complete: an interrupted seeding
    never leaves a half-filled demo database behind."""
    from console.demo_data import seed_demo

    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    from console.common import backend_for

    demo_settings = dataclasses.replace(settings, backend=str(partial))
    backend = backend_for(demo_settings)
    await backend.open()
    err = sys.stderr

    def progress(what: str, done: int, total: int) -> None:
        err.write("\r" + _("Creating the demo database: {what} {done}/{total}").format(
            what=what, done=done, total=total) + "   ")
        err.flush()

    try:
        await seed_demo(backend, customers=customers, seed=1, progress=progress)
        from console.demo_follow_up import seed_follow_up

        await seed_follow_up(backend, DEMO_OPERATOR, seed=1)
        err.write("\n")
    finally:
        await backend.close()
    os.replace(partial, path)
    # Drafts typed on the old demo's tickets: the new demo's ticket 5 is another ticket.
    import shutil

    shutil.rmtree(paths.drafts_dir() / backend_folder_name(str(path)), ignore_errors=True)


@click.command()
@click.option("--customers", default=5000, show_default=True, type=click.IntRange(0, 2_000_000),
              help=_("customers in a new demo database"))
@click.option("--rate", default=6.0, show_default=True, type=click.FloatRange(0, 600),
              help=_("simulated calls per minute (0: no simulator)"))
@click.option("--reset", is_flag=True,
              help=_("throw the demo database (and drafts typed on it) away and seed it again"))
@click.option("--as", "as_role", default="operator", show_default=True, metavar="ROLE",
              callback=lambda _ctx, _param, value: _demo_role(value),
              help=_("whose console: ") + "; ".join(f"{role.name}: {role.summary}"
                                                 for role in demo_roles.roles().values()))
@click.pass_context
def demo(ctx: click.Context, customers: int, rate: float, reset: bool, as_role: str) -> None:
    """The console on a demo database (created and seeded on first use) with simulated
    callers, as operator "demo" (or the login of the role chosen with --as). Nothing touches
    your real database."""
    from console.flags import flags_of

    role = demo_roles.roles()[as_role]  # checked by _demo_role
    path = paths.demo_database()
    flags = flags_of(ctx, backend=str(path), operator=role.operator)
    if reset:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    if not path.exists():
        from console.common import fail, settings_from

        settings = settings_from(ctx, backend=str(path), operator=DEMO_OPERATOR)
        from backends.private_files import make_private_dir

        make_private_dir(path.parent)  # 0700 whatever the umask: it holds personal data
        try:
            asyncio.run(_seed(path, customers, settings))
        except BackendError as exc:
            fail(exc)
        except KeyboardInterrupt:
            fail(_("demo seeding interrupted; nothing was kept"), code=130)
    background = []
    if rate > 0:
        background.append(simulator_task(rate, protect=role.operator))
    if role.launch:
        from backends.domain_registry import load

        load(role.launch)(flags, background)
        return
    run_app(flags, background=background)


def _demo_role(value: str) -> str:
    known = demo_roles.roles()
    if value not in known:
        raise click.BadParameter(_("'{value}' is not a demo role; choose one of: {roles}").format(
            value=value, roles=", ".join(sorted(known))))
    return value


def simulator_task(rate: float, protect: str = DEMO_OPERATOR) -> Any:
    """The simulator as a background task of the console; callers are never handed to the
    demo's own login (`protect`), who answers them by hand."""
    async def run(backend: Any) -> None:
        from console.simulator import run_simulator

        await run_simulator(backend, rate_per_minute=rate, protect=[protect])

    return run
