"""`centralino campaign …`: create a campaign, list them, show one's progress (contacts left,
attempted, reached, converted, by outcome), import its contacts (console/contact_import.py).
README, "Outbound campaigns"; docs/ARCHITECTURE.md."""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import time as dt_time
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignChanges, CampaignDraft
from backends.campaigns.models import Campaign, DialMode, Progress, Purpose
from backends.campaigns.rules import ABANDON_LIMIT, default_outcomes
from backends.errors import BackendError, Invalid
from backends.i18n import _, number, percent
from backends.protocol import Backend
from backends.sanitize import clean_line
from console.common import fail, run_with_backend, settings_from
from console.importer import _reasons

LEASE_HELP = _("minutes a contact stays with an operator who took it and placed no call "
               "since (default 15); signing out gives it back at once")


@click.group()
def campaign() -> None:
    """Outbound campaigns: create, change, list, progress, import contacts."""


def _draft(file: Path | None, values: dict[str, Any]) -> CampaignDraft:
    body: dict[str, Any] = {}
    if file is not None:
        try:
            loaded = json.loads(file.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            fail(Invalid("file", _("cannot read {path}: {why}").format(
                path=file, why=str(exc).splitlines()[0])))
        if not isinstance(loaded, dict):
            fail(Invalid("file", _("{path} must hold one JSON object").format(path=file)))
        body = loaded
    body.update({k: v for k, v in values.items() if v is not None})
    body.setdefault("outcomes", [o.model_dump() for o in default_outcomes()])
    try:
        return CampaignDraft.model_validate(body)
    except ValidationError as exc:
        field, reason = _reasons(exc)[0]
        fail(Invalid(field, reason))


@campaign.command("create")
@click.option("--name", default=None, help=_("the campaign's name (unique)"))
@click.option("--purpose", type=click.Choice([p.value for p in Purpose]), default=None)
@click.option("--dial-mode", type=click.Choice([m.value for m in DialMode]), default=None)
@click.option("--queue", default=None)
@click.option("--team", default=None)
@click.option("--claim-lease", "lease", type=click.FloatRange(min=0.01, max=24 * 60),
              default=None, help=LEASE_HELP)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_("a JSON campaign (outcomes, hours, dates…); options override it"))
@click.pass_context
def create(ctx: click.Context, name: str | None, purpose: str | None, dial_mode: str | None,
           queue: str | None, team: str | None, lease: float | None, file: Path | None) -> None:
    """Create a campaign (the default outcome set unless the file gives one)."""
    draft = _draft(file, {"name": name, "purpose": purpose, "dial_mode": dial_mode,
                          "queue": queue, "team": team, "claim_lease_minutes": lease})

    async def work(backend: Backend) -> Campaign:
        return await backend.domain(CAMPAIGNS).create_campaign(draft)

    made = run_with_backend(settings_from(ctx), work)
    click.echo(clean_line(_("campaign {id} created: {name}").format(id=made.id, name=made.name)))


def _clock(value: str | None, field: str) -> dt_time | None:
    if value is None:
        return None
    try:
        return dt_time.fromisoformat(value)
    except ValueError:
        fail(Invalid(field, _("'{value}' is not a time of day such as 09:00").format(
            value=value)))


@campaign.command("change")
@click.argument("campaign_id", type=click.IntRange(min=1))
@click.option("--name", default=None)
@click.option("--purpose", type=click.Choice([p.value for p in Purpose]), default=None)
@click.option("--dial-mode", type=click.Choice([m.value for m in DialMode]), default=None)
@click.option("--from", "start", default=None, help=_("calling hours start, e.g. 09:00"))
@click.option("--until", "end", default=None, help=_("calling hours end, e.g. 20:00"))
@click.option("--queue", default=None)
@click.option("--team", default=None)
@click.option("--claim-lease", "lease", type=click.FloatRange(min=0.01, max=24 * 60),
              default=None, help=LEASE_HELP)
@click.pass_context
def change(ctx: click.Context, campaign_id: int, name: str | None, purpose: str | None,
           dial_mode: str | None, start: str | None, end: str | None, queue: str | None,
           team: str | None, lease: float | None) -> None:
    """Change a campaign's key settings (those given); the rest stays."""
    values = {"name": name, "purpose": purpose, "dial_mode": dial_mode, "queue": queue,
              "team": team, "hours_start": _clock(start, "from"),
              "hours_end": _clock(end, "until"), "claim_lease_minutes": lease}
    try:
        changes = CampaignChanges.model_validate({k: v for k, v in values.items()
                                                  if v is not None})
    except ValidationError as exc:
        field, reason = _reasons(exc)[0]
        fail(Invalid(field, reason))

    async def work(backend: Backend) -> Campaign:
        return await backend.domain(CAMPAIGNS).update_campaign(campaign_id, changes)

    made = run_with_backend(settings_from(ctx), work)
    click.echo(clean_line(_("campaign {id} changed: {name}").format(id=made.id, name=made.name)))


@campaign.command("board")
@click.pass_context
def board(ctx: click.Context) -> None:
    """The supervisor's campaign view: progress, abandoned share; N new, E change."""
    from console.campaigns_app import run_board

    run_board(settings_from(ctx))


@campaign.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Every campaign: id, name, purpose, dial mode, queue."""

    async def work(backend: Backend) -> list[Campaign]:
        return await backend.domain(CAMPAIGNS).list_campaigns()

    for found in run_with_backend(settings_from(ctx), work):
        click.echo("  ".join([str(found.id), clean_line(found.name), found.purpose.value,
                              found.dial_mode.value, clean_line(found.queue)]))


@campaign.command("show")
@click.argument("campaign_id", type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def show(ctx: click.Context, campaign_id: int, as_json: bool) -> None:
    """A campaign's progress: contacts left, attempted, reached, converted, by outcome, and
    the share of abandoned progressive calls in the last 24 hours."""

    async def work(backend: Backend) -> tuple[Campaign, Progress]:
        campaigns = backend.domain(CAMPAIGNS)
        return (await campaigns.get_campaign(campaign_id),
                await campaigns.progress(campaign_id))

    found, progress = run_with_backend(settings_from(ctx), work)
    if as_json:
        click.echo(json.dumps({"campaign": found.model_dump(mode="json"),
                               "progress": progress.model_dump(mode="json")}))
        return
    click.echo(clean_line(f"{found.name} ({found.purpose.value}, {found.dial_mode.value})"))
    for label, value in ((_("contacts"), progress.contacts), (_("left"), progress.left),
                         (_("attempted"), progress.attempted), (_("reached"), progress.reached),
                         (_("converted"), progress.converted)):
        click.echo(f"{label:<12}{value}")
    for code, count in progress.by_outcome.items():
        click.echo(clean_line(f"  {code:<18}{count}"))
    click.echo(pacing_line(progress))


def pacing_line(progress: Progress) -> str:
    """The pacing guard's figure, as the supervisor view shows it too."""
    return _("abandoned {abandoned} of {live} live calls in 24 h: {share} "
             "(limit {limit})").format(
        abandoned=number(progress.abandoned_24h), live=number(progress.live_24h),
        share=percent(progress.abandon_share, 1), limit=percent(ABANDON_LIMIT))


@campaign.command("import")
@click.argument("campaign_id", type=click.IntRange(min=1))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None,
              help=_("default: from the file name (.json, else csv)"))
@click.option("--skip-bad", is_flag=True, help=_("import the good rows even if some are bad"))
@click.pass_context
def import_(ctx: click.Context, campaign_id: int, file: Path, fmt: str | None,
            skip_bad: bool) -> None:
    """Import contacts: CSV with a `phone` column (optional `name`, `priority`; other columns
    are kept as fields) or JSON (a list of objects with the same keys)."""
    from console import contact_import

    settings = settings_from(ctx)
    chosen = fmt or ("json" if file.suffix.lower() == ".json" else "csv")
    with contextlib.ExitStack() as stack:
        try:
            handle = None if chosen == "json" else stack.enter_context(
                file.open(encoding="utf-8-sig", newline=""))
            rows = contact_import.read_rows(file, chosen, handle)
            spool = stack.enter_context(contact_import.new_spool())
            result = contact_import.check_file(
                rows, settings.region, spool,
                lambda problem: click.echo(str(problem), err=True))
        except BackendError as exc:
            fail(exc)
        except OSError as exc:
            fail(_("cannot read {path}: {why}").format(path=file, why=exc.strerror or exc))
        if result.bad_rows and not skip_bad:
            fail(_("{bad} bad row(s) in {file}; nothing was imported (fix them, or use "
                   "--skip-bad to import the {good} good row(s))").format(
                bad=result.bad_rows, file=file, good=result.good))

        async def work(backend: Backend) -> None:
            await contact_import.write_contacts(backend, campaign_id, spool, result)

        run_with_backend(settings, work)
    click.echo(clean_line(_("imported {added} contact(s); {dup} duplicate(s) and {bad} bad "
                            "row(s) skipped").format(added=result.added, dup=result.duplicates,
                                                     bad=result.bad_rows)))
    if result.bad_rows and result.added == 0:
        sys.exit(1)
