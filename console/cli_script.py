"""`centralino script …`: check script files (refused with file, step and reason), list the
scripts in use by campaign (and scripts naming no campaign there is), link a campaign to its
script by the campaign's id, and export the answers stored with the calls of a campaign (CSV
or JSON). README, "Call scripts"; docs/ARCHITECTURE.md."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from backends.errors import BackendError, NotFound
from backends.i18n import _
from backends.protocol import Backend
from backends.sanitize import clean_line
from backends.scripts.api import SCRIPTS
from backends.scripts.inputs import ScriptLinkDraft
from backends.scripts.loader import load_file
from backends.scripts.models import ScriptAnswers, ScriptLink
from console.common import fail, run_with_backend, settings_from
from console.export_safety import json_escape_controls, neutralise

COLUMNS = ["call_id", "campaign_id", "contact_id", "customer_id", "operator", "script",
           "language", "completed", "left_at", "recorded_at", "step", "answer"]


@click.group()
def script() -> None:
    """Call scripts: check files, list them, export the answers."""


@script.command("check")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Check script files: each is loaded as the console would, or refused with the file,
    the step and the reason. Exit 1 when any is refused."""
    refused = 0
    for path in files:
        try:
            loaded = load_file(path)
        except BackendError as exc:
            refused += 1
            click.echo(clean_line(exc.message), err=True)
            continue
        click.echo(clean_line(_("{file}: ok, {steps} steps, for campaign {campaign}").format(
            file=path.name, steps=len(loaded.steps), campaign=loaded.campaign)))
    if refused:
        sys.exit(1)


@script.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """The scripts the console uses (shipped and your own), each with the campaigns it works:
    linked by the campaign's id (a renamed campaign keeps its script) or matched by name; a
    script naming a campaign that does not exist is said, with how to link it."""
    from backends.campaigns.api import CAMPAIGNS
    from backends.scripts.linking import resolve
    from console.script_library import folders, scripts_by_campaign

    try:
        found = scripts_by_campaign()
    except BackendError as exc:
        fail(exc)

    async def work(backend: Backend) -> tuple[list[tuple[int, str]], list[ScriptLink]]:
        campaigns = await backend.domain(CAMPAIGNS).list_campaigns()
        return ([(c.id, c.name) for c in campaigns],
                await backend.domain(SCRIPTS).list_links())

    campaigns, links = run_with_backend(settings_from(ctx), work)
    resolved = resolve(campaigns, found, links)
    names = dict(campaigns)
    for name, loaded in sorted(found.items()):
        worked = [f"#{cid} {names[cid]}" + ("" if cid in resolved.matched_by_name
                                            else " " + _("(linked)"))
                  for cid, used in resolved.by_campaign.items() if used.id == loaded.id]
        click.echo(clean_line(f"{name}: {loaded.id} ({len(loaded.steps)}) · " + (
            ", ".join(worked) if worked else _("no such campaign"))))
    for problem in resolved.problems:
        click.echo(clean_line(problem), err=True)
    click.echo(clean_line(_("folders: {folders}").format(
        folders=", ".join(str(f) for f in folders()))), err=True)


@script.command("link")
@click.argument("script_id", metavar="SCRIPT")
@click.argument("campaign", metavar="CAMPAIGN")
@click.pass_context
def link(ctx: click.Context, script_id: str, campaign: str) -> None:
    """Work CAMPAIGN (its id or its name) with SCRIPT (a script file's `id`), whatever name
    the file gives: kept by the campaign's id, so a renamed campaign keeps its script.
    Changing a campaign's script is for supervisors."""
    from backends.campaigns.api import CAMPAIGNS
    from console.script_library import scripts_by_campaign

    settings = settings_from(ctx)
    try:
        known = {s.id for s in scripts_by_campaign().values()}
    except BackendError as exc:
        fail(exc)
    if script_id not in known:
        fail(_("no scripts folder holds a script '{script}' (known: {known})").format(
            script=script_id, known=", ".join(sorted(known)) or "-"))

    async def work(backend: Backend) -> tuple[str, ScriptLink]:
        campaigns = await backend.domain(CAMPAIGNS).list_campaigns()
        chosen = next((c for c in campaigns if str(c.id) == campaign
                       or c.name.casefold() == campaign.casefold()), None)
        if chosen is None:
            raise NotFound(_("no campaign '{campaign}'").format(campaign=campaign))
        return chosen.name, await backend.domain(SCRIPTS).link_script(ScriptLinkDraft(
            campaign_id=chosen.id, script_id=script_id, by=settings.operator))

    name, made = run_with_backend(settings, work)
    click.echo(clean_line(_("campaign #{id} {name} is worked with script {script}").format(
        id=made.campaign_id, name=name, script=made.script_id)))


def _rows(found: list[ScriptAnswers]) -> list[list[str]]:
    rows: list[list[str]] = []
    for given in sorted(found, key=lambda a: a.id):
        head = [str(given.call_id), str(given.campaign_id or ""), str(given.contact_id or ""),
                str(given.customer_id or ""), given.operator, given.script, given.language,
                "yes" if given.completed else "no", given.left_at or "",
                given.recorded_at.isoformat()]
        rows += [[*head, a.step, a.value] for a in given.answers] or [[*head, "", ""]]
    return rows


@script.command("answers")
@click.option("--campaign", "campaign_id", type=click.IntRange(min=1), default=None)
@click.option("--call", "call_id", type=click.IntRange(min=1), default=None)
@click.option("--contact", "contact_id", type=click.IntRange(min=1), default=None)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@click.option("--limit", type=click.IntRange(1, 10_000), default=10_000,
              help=_("calls at most (newest)"))
@click.pass_context
def answers(ctx: click.Context, campaign_id: int | None, call_id: int | None,
            contact_id: int | None, fmt: str, limit: int) -> None:
    """Export the script answers stored with the calls: CSV, one line per answer (cells
    that a spreadsheet would run as a formula are written as text), or JSON, one object per
    call."""
    if campaign_id is None and call_id is None and contact_id is None:
        fail(_("say which answers: --campaign, --call or --contact"))

    async def work(backend: Backend) -> list[ScriptAnswers]:
        return await backend.domain(SCRIPTS).list_answers(
            call_id=call_id, campaign_id=campaign_id, contact_id=contact_id, limit=limit)

    found = run_with_backend(settings_from(ctx), work)
    if fmt == "json":
        click.echo(json_escape_controls(json.dumps(
            [a.model_dump(mode="json") for a in sorted(found, key=lambda a: a.id)],
            ensure_ascii=False)))
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in _rows(found):
        writer.writerow([neutralise(cell) for cell in row])
