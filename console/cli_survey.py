"""`centralino survey …`: which questions the survey after a call of a queue (or a campaign)
asks and whether it is on (`survey config`, `survey configs`), and a survey sent later as an
outbound survey campaign of the customers called in a period (`survey campaign`): the
surveys domain names them, the campaigns domain holds the campaign and its contacts
(backends/surveys/campaign.py maps one to the other). docs/ARCHITECTURE.md, "console/"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from backends.errors import Invalid
from backends.i18n import _
from backends.protocol import Backend
from backends.sanitize import clean_line
from console.cli_report import parse_day
from console.common import fail, run_with_backend, settings_from

if TYPE_CHECKING:
    from backends.surveys.models import SurveyConfig

QUESTIONS = "csat, nps, solved, comment"
CONTACTS_PER_CALL = 10_000  # the campaigns domain's bound on one add_contacts


@click.group()
def survey() -> None:
    """Satisfaction surveys: their configuration, and survey campaigns."""


@survey.command("config")
@click.option("--queue", default=None, help=_("the queue whose survey this is"))
@click.option("--campaign", default=None, help=_("the campaign whose survey this is"))
@click.option("--on/--off", "enabled", default=True, show_default=True,
              help=_("whether the survey is offered"))
@click.option("--questions", default=None,
              help=_("the questions asked, comma-separated: ") + QUESTIONS)
@click.pass_context
def config(ctx: click.Context, queue: str | None, campaign: str | None, enabled: bool,
           questions: str | None) -> None:
    """Set the survey of one queue or one campaign (supervisors)."""
    from backends.surveys.api import SURVEYS
    from backends.surveys.models import ALL_QUESTIONS, Question, SurveyConfig, SurveyScope

    settings = settings_from(ctx)
    if (queue is None) == (campaign is None):
        fail(_("give --queue or --campaign (one of them)"))
    asked = list(ALL_QUESTIONS) if questions is None else []
    for word in (questions or "").split(","):
        if word.strip():
            try:
                asked.append(Question(word.strip().lower()))
            except ValueError:
                fail(Invalid("questions", _("'{word}' is not a question: {known}").format(
                    word=word.strip()[:30], known=QUESTIONS)))
    chosen = SurveyConfig(scope=SurveyScope.CAMPAIGN if campaign else SurveyScope.QUEUE,
                          name=campaign or queue or "", enabled=enabled, questions=asked)

    async def work(backend: Backend) -> SurveyConfig:
        return await backend.domain(SURVEYS).configure_survey(chosen)

    stored = run_with_backend(settings, work)
    click.echo(clean_line(describe(stored)))


def describe(found: SurveyConfig) -> str:
    state = _("on") if found.enabled else _("off")
    return _("survey of {scope} {name}: {state}, asks {questions}").format(
        scope=found.scope.value, name=found.name, state=state,
        questions=", ".join(q.value for q in found.questions) or "-")


@survey.command("configs")
@click.pass_context
def configs(ctx: click.Context) -> None:
    """The surveys configured (any other queue's asks every question)."""
    from backends.surveys.api import SURVEYS

    settings = settings_from(ctx)

    async def work(backend: Backend) -> list[SurveyConfig]:
        return await backend.domain(SURVEYS).list_survey_configs()

    for found in run_with_backend(settings, work):
        click.echo(clean_line(describe(found)))


@survey.command("campaign")
@click.argument("name")
@click.option("--from", "since", required=True, help=_("first day, YYYY-MM-DD"))
@click.option("--to", "until", required=True, help=_("last day (included), YYYY-MM-DD"))
@click.option("--queue", default=None, help=_("only customers called on this queue"))
@click.pass_context
def campaign(ctx: click.Context, name: str, since: str, until: str,
             queue: str | None) -> None:
    """A survey campaign of the customers called in a period: each customer's latest finished
    call; their answers are stored with that call, its operator and queue."""
    from backends.callbacks.when import operator_zone
    from backends.campaigns.api import CAMPAIGNS
    from backends.campaigns.models import Campaign
    from backends.surveys import campaign as survey_campaign
    from backends.surveys.api import SURVEYS

    settings = settings_from(ctx)
    try:
        where = operator_zone(settings.timezone)
        start = parse_day(since, where, "from")
        end = parse_day(until, where, "to", end=True)
        draft = survey_campaign.campaign_draft(name)
    except Invalid as exc:
        fail(exc)
    except ValueError as exc:
        fail(Invalid("name", str(exc).splitlines()[-1][:200]))

    async def work(backend: Backend) -> tuple[Campaign, int]:
        targets = await backend.domain(SURVEYS).survey_targets(since=start, until=end,
                                                               queue=queue)
        campaigns = backend.domain(CAMPAIGNS)
        made = await campaigns.create_campaign(draft)
        added = 0
        contacts = survey_campaign.contact_drafts(targets)
        for first in range(0, len(contacts), CONTACTS_PER_CALL):
            added += (await campaigns.add_contacts(
                made.id, contacts[first:first + CONTACTS_PER_CALL])).added
        return made, added

    made, added = run_with_backend(settings, work)
    click.echo(clean_line(_("survey campaign {id} created: {name}, {n} customer(s) to "
                            "call").format(id=made.id, name=made.name, n=added)))
