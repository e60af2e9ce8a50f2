"""`centralino db …` (init, seed, check, import, export, backup, copy) and `centralino config …`.

Every failure ends as one clear line on stderr and a non-zero exit (console.common.fail).
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from backends.errors import BackendError, Invalid
from backends.i18n import _, number
from backends.private_files import private_output
from backends.protocol import Backend
from backends.redact import mask_url_credentials
from backends.registry import backend_class, scheme_of, sqlite_path
from backends.sanitize import clean_line
from console.common import (
    backend_for,
    fail,
    quiet_broken_pipe,
    run_with_backend,
    settings_from,
)
from console.settings import Settings, settings_file

T = TypeVar("T")
SECRET_FIELDS = ("token", "password")


# ---------------------------------------------------------------------------------- plumbing
def _where(settings: Settings) -> str:
    """The database file (sqlite) or the URL, for messages."""
    try:
        if scheme_of(settings.backend) == "sqlite":
            return str(sqlite_path(settings.backend).resolve())
    except BackendError:
        pass
    return settings.backend


def _read_only_sqlite(settings: Settings) -> Path | None:
    """The database file when the backend is sqlite and this process cannot write it."""
    try:
        if scheme_of(settings.backend) != "sqlite":
            return None
        path = sqlite_path(settings.backend)
    except BackendError:
        return None
    from backends.sqlite.check import is_read_only

    return path if path.is_file() and is_read_only(path) else None


def _make_backend(settings: Settings, lock_timeout: float | None) -> Backend:
    """The configured backend; for sqlite with --lock-timeout, one that gives up on a locked
    file after that many seconds (one attempt) instead of the default 3 × 5 s."""
    if lock_timeout is not None and scheme_of(settings.backend) == "sqlite":
        cls: Any = backend_class("sqlite")
        return cls(sqlite_path(settings.backend), region=settings.region,
                   busy_timeout_ms=int(lock_timeout * 1000), retries=1)
    return backend_for(settings)


def _run(ctx: click.Context, work: Callable[[Backend, Settings], Awaitable[T]]) -> T:
    """Open the backend, run `work`, close; failures become one line and a non-zero exit."""
    settings = settings_from(ctx)
    lock_timeout = (ctx.find_object(dict) or {}).get("lock_timeout")

    async def with_settings(backend: Backend) -> T:
        return await work(backend, settings)

    return run_with_backend(settings, with_settings,
                            lambda chosen: _make_backend(chosen, lock_timeout))


def _say(message: str) -> None:
    # messages quote file names, URLs and file contents: controls are shown, never sent, and
    # passwords in URLs are masked
    click.echo(clean_line(mask_url_credentials(message)))


def _warn(message: str) -> None:
    click.echo(clean_line(mask_url_credentials(message)), err=True)


# ---------------------------------------------------------------------------------- db group
@click.group()
@click.option("--lock-timeout", type=click.FloatRange(min=0.05, max=600), default=None,
              metavar="SECONDS",
              help=_("sqlite: give up after this long when another program holds the database "
                   "(default: 3 tries of 5 s)"))
@click.pass_context
def db(ctx: click.Context, lock_timeout: float | None) -> None:
    """Create, fill, check, import into, export from and back up the database."""
    ctx.ensure_object(dict)
    ctx.obj["lock_timeout"] = lock_timeout


@db.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the database (or bring its schema up to date) and say where it is."""

    async def work(backend: Backend, settings: Settings) -> str:
        return _where(settings)

    where = _run(ctx, work)
    _say(_("database ready: {where}").format(where=where))


def _progress_printer() -> Callable[[str, int, int], None]:
    def show(what: str, done: int, total: int) -> None:
        _warn(_("  {what}: {done} / {total}").format(what=what, done=number(done),
                                                   total=number(total)))

    return show


@db.command()
@click.option("--customers", type=click.IntRange(min=0, max=10_000_000), required=True,
              help=_("how many customers"))
@click.option("--seed", type=int, default=1, show_default=True,
              help=_("same seed, same data"))
@click.option("--calls", type=click.IntRange(min=0, max=5_000_000), default=None,
              help=_("past calls (default: customers/2, at most 50,000)"))
@click.option("--tickets", type=click.IntRange(min=0, max=5_000_000), default=None,
              help=_("tickets with histories (default: customers/5, at most 20,000)"))
@click.option("--now", "now_text", default=None, metavar="ISO-TIME",
              help=_("pretend it is this time (for reproducible call and ticket times)"))
@click.pass_context
def seed(ctx: click.Context, customers: int, seed: int, calls: int | None,
         tickets: int | None, now_text: str | None) -> None:
    """Fill the database with realistic demo data (Italy, Hungary, Romania, UK)."""
    from console.demo_data import seed_demo

    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            fail(Invalid("--now", _("'{text}' is not a time like 2026-03-02T10:30:00+00:00")
                         .format(text=now_text)))
        if now is not None and now.tzinfo is None:
            fail(Invalid("--now", _("give a time zone, e.g. 2026-03-02T10:30:00+00:00")))
    from console import demo_people

    # big seeds report on stderr every PROGRESS_EVERY customers (and for calls, tickets)
    progress = _progress_printer() if customers >= demo_people.PROGRESS_EVERY else None

    async def work(backend: Backend, settings: Settings) -> Any:
        return await seed_demo(backend, customers=customers, seed=seed, calls=calls,
                               tickets=tickets, now=now, progress=progress)

    summary = _run(ctx, work)
    _say(_("seeded {customers} customers, {tickets} tickets, {calls} calls, "
           "{directory} directory entries, {operators} operators in {seconds} s").format(
        customers=number(summary.customers), tickets=number(summary.tickets),
        calls=number(summary.calls), directory=number(summary.directory),
        operators=number(summary.operators), seconds=number(summary.seconds, 1)))


@db.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Check the database for damage; exit 1 when anything is wrong."""

    async def work(backend: Backend, settings: Settings) -> list[str]:
        return await backend.integrity_check()

    settings = settings_from(ctx)
    where = _where(settings)
    read_only = _read_only_sqlite(settings)
    if read_only is not None:
        # opened read-only: never migrated, and no check that writes mistaken for damage
        from backends.sqlite.check import check_read_only

        try:
            problems = check_read_only(read_only)
        except BackendError as exc:
            fail(exc)
    else:
        problems = _run(ctx, work)
    if not problems:
        note = _(" (read-only: checked without writing)") if read_only is not None else ""
        _say(_("ok: no problems in {where}").format(where=where) + note)
        return
    _warn(_("{count} problem(s) in {where}:").format(count=len(problems), where=where))
    for problem in problems:
        _warn(f"  {problem}")  # _warn sanitises: the text may quote damaged data
    sys.exit(1)


@db.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None,
              help=_("default: from the file name (.json, else csv)"))
@click.option("--skip-bad", is_flag=True, help=_("import the good rows even if some are bad"))
@click.option("--raw-cells", is_flag=True,
              help=_("CSV: keep a leading apostrophe before = + - @ (by default it is taken "
                     "off again: `db export` adds it so spreadsheets do not run formulas)"))
@click.pass_context
def import_(ctx: click.Context, file: Path, fmt: str | None, skip_bad: bool,
            raw_cells: bool) -> None:
    """Import customers from CSV (code,name,company,phones,email,language,tags,marketing,
    recording,notes; lists separated by ';') or JSON (a list of objects)."""
    from console import import_run, importer

    settings_from(ctx)  # sets the phone region before validating
    with contextlib.ExitStack() as stack:
        try:
            # the header (or the whole JSON document) is checked before the database opens
            rows = stack.enter_context(importer.open_rows(
                file, importer.detect_format(file, fmt), raw_cells=raw_cells))
        except BackendError as exc:
            fail(exc)
        spool = stack.enter_context(contextlib.closing(import_run.Spool()))

        async def work(backend: Backend, settings: Settings
                       ) -> tuple[int, str, import_run.Checked]:
            checked = await import_run.check_rows(backend, rows, spool,
                                                  lambda problem: _warn(str(problem)))
            if checked.bad_rows and not skip_bad:
                return 0, "", checked
            written, how = await import_run.write_spooled(backend, spool, checked.good)
            return written, how, checked

        written, how, checked = _run(ctx, work)
    if checked.bad_rows and not skip_bad:
        fail(_("{bad} bad row(s) in {file}; nothing was imported (fix them, or use --skip-bad "
               "to import the {good} good row(s))").format(
            bad=checked.bad_rows, file=file, good=checked.good))
    _say(_("imported {written} customer(s), skipped {bad} bad row(s) ({how})").format(
        written=written, bad=checked.bad_rows, how=how))
    if checked.bad_rows and written == 0:
        sys.exit(1)


@contextlib.contextmanager
def _output(path: Path | None, newline: str | None = None) -> Iterator[TextIO]:
    """stdout, or a new private file (0600, created exclusively, never through a symlink)
    beside the target, renamed onto it on success (backends.private_files)."""
    if path is None:
        yield sys.stdout
        try:
            sys.stdout.flush()  # a reader that left (`| head`) shows here, not at exit
        except BrokenPipeError:
            quiet_broken_pipe()
        return
    try:
        with private_output(path) as (fd, _temp), open(
                fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
    except BackendError as exc:
        fail(exc)
    except OSError as exc:
        fail(_("cannot write {path}: {why}").format(path=path, why=exc.strerror or exc))


@db.command()
@click.option("--what", type=click.Choice(["customers", "tickets", "calls"]),
              default="customers", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_("file to write (default: standard output)"))
@click.option("--raw-cells", is_flag=True,
              help=_("CSV: write cells beginning with = + - @ as they are (by default they get "
                     "a leading apostrophe, so a spreadsheet shows them as text and never runs "
                     "them as formulas; `db import` takes it off again)"))
@click.pass_context
def export(ctx: click.Context, what: str, fmt: str, output: Path | None,
           raw_cells: bool) -> None:
    """Export customers, tickets or calls; the customers CSV/JSON can be imported again."""
    from console.exporter import export as export_records

    # a terminal gets no control characters from the data (a file keeps them)
    to_terminal = output is None and sys.stdout.isatty()
    with _output(output, newline="" if fmt == "csv" else None) as out:

        async def work(backend: Backend, settings: Settings) -> int:
            return await export_records(backend, what, fmt, out, raw_cells=raw_cells,
                                        to_terminal=to_terminal)

        count = _run(ctx, work)
    if output is not None:
        _say(_("exported {count} {what} to {path}").format(count=count, what=what,
                                                          path=output))


@db.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help=_("replace FILE if it exists"))
@click.pass_context
def backup(ctx: click.Context, file: Path, overwrite: bool) -> None:
    """Copy the database to FILE safely while it is in use (SQLite backup API)."""

    from backends.maintenance import Backups

    async def work(backend: Backend, settings: Settings) -> Path:
        if not isinstance(backend, Backups):
            fail(_("the {name} backend cannot make backups").format(name=backend.name))
        return await backend.backup(file, overwrite=overwrite)

    written = _run(ctx, work)
    _say(_("backup written to {path}").format(path=written))


@db.command("copy")
@click.argument("source")
@click.argument("target")
@click.option("--replace", is_flag=True, help=_("empty a target that holds data first"))
@click.pass_context
def copy_(ctx: click.Context, source: str, target: str, replace: bool) -> None:
    """Copy a whole store from SOURCE to TARGET (SQLite file or postgresql:// URL), all or
    nothing: the target is written in one transaction and checked before it commits."""
    from console.cli_copy import run_copy

    run_copy(source, target, replace, settings_from(ctx).region)


# ---------------------------------------------------------------------------------- config
@click.group()
def config() -> None:
    """Where the settings live and what they are."""


@config.command("path")
def config_path() -> None:
    """Print the settings file's path (it may not exist yet)."""
    click.echo(str(settings_file()))


@config.command("show")
@click.pass_context
def config_show(ctx: click.Context) -> None:
    """Print the effective settings (flags > CENTRALINO_* variables > file), secrets masked."""
    settings = settings_from(ctx)
    exists = settings_file().exists()
    click.echo(_("# settings file: {path}{missing}").format(
        path=settings_file(), missing="" if exists else _(" (not created yet)")))
    for name, value in dataclasses.asdict(settings).items():
        if value is None:
            click.echo(_("# {name} is not set").format(name=name))
            continue
        if name in SECRET_FIELDS:
            value = "********"
        # a URL may carry a password too: http://anna:***@host
        click.echo(clean_line(mask_url_credentials(f"{name} = {_toml_value(value)}")))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
