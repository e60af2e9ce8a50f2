"""`centralino dnc add|remove|import|check NUMBER…`: the do-not-call lists (the internal
list, a campaign's list, the national registers UK TPS/CTPS and the Italian Registro pubblico
delle opposizioni). `check` prints whether and why each number is blocked and exits 0 when
every number may be called, 1 when one may not. README, "Outbound campaigns";
docs/ARCHITECTURE.md.

Register files (`dnc import`): text, one number a line, in any format (`+44 20 …`,
`0044 20 …`, or national — `020 …` read as GB for uk_tps/uk_ctps, `06 …` as IT for it_rpo);
a CSV line's first column is the number; blank lines and lines starting with `#` are skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pydantic import ValidationError

from backends import phones
from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import DncChange
from backends.campaigns.models import DncHit, DncList
from backends.errors import BackendError, Invalid
from backends.i18n import _
from backends.protocol import Backend
from backends.sanitize import clean_line
from console.common import fail, run_with_backend, settings_from
from console.dnc_import import add_in_chunks
from console.importer import _reasons

LISTS = click.Choice([m.value for m in DncList])
REGISTER_REGION = {"uk_tps": "GB", "uk_ctps": "GB", "it_rpo": "IT"}
MAX_BAD_SHOWN = 1000


@click.group()
def dnc() -> None:
    """Do-not-call lists: add, remove, import a register, check numbers."""


def _change(numbers: list[str], list_name: str, campaign: int | None, reason: str,
            region: str | None) -> DncChange:
    try:
        return DncChange(numbers=numbers, list_name=DncList(list_name), campaign_id=campaign,
                         reason=reason, region=region)
    except ValidationError as exc:
        field, reason = _reasons(exc)[0]
        fail(Invalid("list" if field == "row" else field, reason))


def _options(f: click.decorators.FC) -> click.decorators.FC:
    f = click.option("--campaign", type=click.IntRange(min=1), default=None,
                     help=_("the campaign of a 'campaign' list"))(f)
    return click.option("--list", "list_name", type=LISTS, default="internal",
                        show_default=True)(f)


@dnc.command("add")
@click.argument("numbers", nargs=-1, required=True)
@_options
@click.option("--reason", default="", help=_("noted with the numbers"))
@click.pass_context
def add(ctx: click.Context, numbers: tuple[str, ...], list_name: str, campaign: int | None,
        reason: str) -> None:
    """Add numbers to a do-not-call list."""
    settings = settings_from(ctx)
    change = _change(list(numbers), list_name, campaign, reason, settings.region)

    async def work(backend: Backend) -> int:
        return await backend.domain(CAMPAIGNS).add_dnc(change)

    added = run_with_backend(settings, work)
    click.echo(_("{n} number(s) added to {list}").format(n=added, list=list_name))


@dnc.command("remove")
@click.argument("numbers", nargs=-1, required=True)
@_options
@click.pass_context
def remove(ctx: click.Context, numbers: tuple[str, ...], list_name: str,
           campaign: int | None) -> None:
    """Take numbers off a do-not-call list."""
    settings = settings_from(ctx)
    change = _change(list(numbers), list_name, campaign, "", settings.region)

    async def work(backend: Backend) -> int:
        return await backend.domain(CAMPAIGNS).remove_dnc(change)

    removed = run_with_backend(settings, work)
    click.echo(_("{n} number(s) removed from {list}").format(n=removed, list=list_name))


def _describe(hit: DncHit) -> str:
    where = hit.list_name if hit.campaign_id is None else f"{hit.list_name} {hit.campaign_id}"
    return f"{where}: {hit.reason}" if hit.reason else where


@dnc.command("check")
@click.argument("numbers", nargs=-1, required=True)
@click.option("--campaign", type=click.IntRange(min=1), default=None,
              help=_("also that campaign's own list"))
@click.pass_context
def check(ctx: click.Context, numbers: tuple[str, ...], campaign: int | None) -> None:
    """Whether and why each number is blocked; exit 0 when all may be called, 1 if not."""
    settings = settings_from(ctx)

    async def work(backend: Backend) -> list[tuple[str, list[DncHit] | str]]:
        found: list[tuple[str, list[DncHit] | str]] = []
        for number in numbers:
            try:
                found.append((number, await backend.domain(CAMPAIGNS).check_dnc(
                    number, campaign, settings.region)))
            except Invalid as exc:
                found.append((number, exc.reason))
        return found

    blocked = False
    for number, result in run_with_backend(settings, work):
        if isinstance(result, str):
            blocked = True
            click.echo(clean_line(_("{number}: not a number that can be called: {why}").format(
                number=number, why=result)))
        elif result:
            blocked = True
            click.echo(clean_line(_("{number}: do not call ({why})").format(
                number=number, why="; ".join(_describe(h) for h in result))))
        else:
            click.echo(clean_line(_("{number}: may be called").format(number=number)))
    sys.exit(1 if blocked else 0)


def _read_register(file: Path, region: str | None) -> tuple[list[str], list[str]]:
    """(numbers in E.164, problems by line); Invalid when the file cannot be read."""
    good: list[str] = []
    bad: list[str] = []
    try:
        with file.open(encoding="utf-8-sig") as handle:
            for line_no, line in enumerate(handle, start=1):
                text = line.split(",", 1)[0].strip().strip('"')
                if not text or text.startswith("#"):
                    continue
                try:
                    good.append(phones.normalize(text, region, field="number"))
                except Invalid as exc:
                    bad.append(_("line {line}: number: {why}").format(line=line_no,
                                                                       why=exc.reason))
    except OSError as exc:
        fail(_("cannot read {path}: {why}").format(path=file, why=exc.strerror or exc))
    except UnicodeDecodeError:
        fail(_("{path} is not UTF-8 text").format(path=file))
    return good, bad


@dnc.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_options
@click.option("--reason", default="", help=_("noted with the numbers"))
@click.option("--skip-bad", is_flag=True, help=_("import the good lines even if some are bad"))
@click.pass_context
def import_(ctx: click.Context, file: Path, list_name: str, campaign: int | None, reason: str,
            skip_bad: bool) -> None:
    """Import a register or list: one number a line (a CSV's first column)."""
    settings = settings_from(ctx)
    region = REGISTER_REGION.get(list_name) or settings.region
    numbers, bad = _read_register(file, region)
    for problem in bad[:MAX_BAD_SHOWN]:
        click.echo(clean_line(problem), err=True)
    if bad and not skip_bad:
        fail(_("{bad} bad line(s) in {file}; nothing was imported (fix them, or use "
               "--skip-bad to import the {good} good line(s))").format(
            bad=len(bad), file=file, good=len(numbers)))
    _change(["+390612345678"], list_name, campaign, reason, None)  # the list is checked first

    async def work(backend: Backend) -> int:
        return await add_in_chunks(backend.domain(CAMPAIGNS), numbers, lambda chunk: DncChange(
            numbers=chunk, list_name=DncList(list_name), campaign_id=campaign, reason=reason))

    try:
        added = run_with_backend(settings, work) if numbers else 0
    except BackendError as exc:
        fail(exc)
    click.echo(_("{added} number(s) added to {list}; {dup} already there, {bad} bad line(s) "
                 "skipped").format(added=added, list=list_name, dup=len(numbers) - added,
                                   bad=len(bad)))
