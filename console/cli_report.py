"""`centralino report …`: the feedback report (CSAT, NPS, FCR, counts, comments) and callback
compliance, as a table, CSV or JSON on standard output. The figures are the domains' own
(backends/surveys/rules.py, backends/callbacks/rules.py); this only reads and prints them
(docs/ARCHITECTURE.md, "console/").

Dates are days in the operator's time zone (the `timezone` setting); `--to` includes its
day. CSV cells that a spreadsheet would run as formulas are neutralised, and output to a
terminal carries no control characters from the data (console/export_safety.py).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

import click

from backends.errors import Invalid
from backends.i18n import N_, _, number
from backends.protocol import Backend
from console.common import fail, run_with_backend, settings_from
from console.export_safety import for_terminal, json_escape_controls, neutralise

FORMATS = click.Choice(["table", "csv", "json"])


def parse_day(text: str, where: tzinfo, field: str, *, end: bool = False) -> datetime:
    """YYYY-MM-DD as the start of that day (or of the next, `end`) in `where`; a full ISO
    time with its zone as given."""
    try:
        if len(text) > 10:
            moment = datetime.fromisoformat(text)
            return moment if moment.tzinfo else moment.replace(tzinfo=where)
        day = datetime.fromisoformat(text).date()
    except ValueError:
        raise Invalid(field, _("'{text}' is not a date such as 2026-12-31").format(
            text=text[:40])) from None
    if end:
        day += timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=where)


def percent(value: float | None) -> float | None:
    return None if value is None else 100 * value


# what a person reads in the table for each column and figure; CSV and JSON keep the keys
LABELS = {
    "metric": N_("figure"), "value": N_("value"), "base": N_("answers"),
    "responses": N_("responses"), "csat_percent": N_("CSAT (%)"), "nps": N_("NPS"),
    "nps_promoters": N_("NPS promoters"), "nps_detractors": N_("NPS detractors"),
    "fcr_survey_percent": N_("FCR by the survey (%)"),
    "fcr_measured_percent": N_("FCR measured (%)"), "complaints": N_("complaints"),
    "suggestions": N_("suggestions"), "answered_at": N_("answered at"),
    "operator": N_("operator"), "queue": N_("queue"), "csat": N_("CSAT"),
    "comment": N_("comment"), "due": N_("due"), "made_in_window": N_("made in the window"),
    "percent": N_("% in the window"),
}


def label(key: str, fmt: str) -> str:
    """A column's or figure's key as a person reads it in the table; the key itself in CSV."""
    return _(LABELS[key]) if fmt == "table" and key in LABELS else key


def _cell_text(value: Any, fmt: str) -> str:
    """Figures as the operator's language writes them in the table (one decimal for
    fractions), as plain digits with a point in CSV."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float):
        return number(value, 1) if fmt == "table" else f"{value:.1f}"
    return number(value) if fmt == "table" else str(value)


def write_rows(sections: Sequence[tuple[list[str], list[list[Any]]]], fmt: str) -> None:
    """Sections of (header, rows) as CSV (a blank line between) or as aligned text."""
    to_terminal = sys.stdout.isatty()

    def cell(value: Any) -> str:
        text = _cell_text(value, fmt)
        return for_terminal(text) if to_terminal or fmt == "table" else text

    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        for index, (header, rows) in enumerate(sections):
            if index:
                sys.stdout.write("\r\n")
            writer.writerow(header)  # the keys
            writer.writerows([[neutralise(cell(v)) for v in row] for row in rows])
        return
    for index, (header, rows) in enumerate(sections):
        if index:
            click.echo("")
        table = [[label(key, fmt) for key in header],
                 *[[cell(v).replace("\n", " ") for v in row] for row in rows]]
        widths = [min(60, max(len(r[i]) for r in table)) for i in range(len(header))]
        for row in table:
            click.echo("  ".join(v[:60].ljust(w) for v, w in zip(row, widths, strict=True))
                       .rstrip())


def write_json(value: Any) -> None:
    click.echo(json_escape_controls(json.dumps(value, ensure_ascii=False, indent=2)))


@click.group()
def report() -> None:
    """Reports for supervisors: feedback and callback compliance."""


@report.command("feedback")
@click.option("--from", "since", required=True, help=_("first day, YYYY-MM-DD"))
@click.option("--to", "until", required=True, help=_("last day (included), YYYY-MM-DD"))
@click.option("--queue", default=None, help=_("only this queue"))
@click.option("--operator", "agent", default=None, help=_("only this operator"))
@click.option("--campaign", default=None, help=_("only this campaign"))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def feedback(ctx: click.Context, since: str, until: str, queue: str | None, agent: str | None,
             campaign: str | None, fmt: str) -> None:
    """CSAT, NPS, FCR (survey and measured), response counts and comments."""
    from backends.callbacks.when import operator_zone
    from backends.surveys.api import SURVEYS
    from backends.surveys.models import FeedbackReport, ReportQuery

    settings = settings_from(ctx)
    try:
        where = operator_zone(settings.timezone)
        query = ReportQuery(since=parse_day(since, where, "from"),
                            until=parse_day(until, where, "to", end=True),
                            queue=queue, operator=agent, campaign=campaign)
    except Invalid as exc:
        fail(exc)

    async def work(backend: Backend) -> FeedbackReport:
        return await backend.domain(SURVEYS).feedback_report(query)

    found = run_with_backend(settings, work)
    if fmt == "json":
        write_json(found.model_dump(mode="json"))
        return
    figures: list[list[Any]] = [
        ["responses", found.responses, ""],
        ["csat_percent", percent(found.csat), found.csat_answers],
        ["nps", found.nps, found.nps_answers],
        ["nps_promoters", found.promoters, found.nps_answers],
        ["nps_detractors", found.detractors, found.nps_answers],
        ["fcr_survey_percent", percent(found.fcr_survey), found.fcr_answers],
        ["fcr_measured_percent", percent(found.fcr_measured), found.fcr_calls],
        ["complaints", found.complaints, ""],
        ["suggestions", found.suggestions, ""],
    ]
    figures = [[label(row[0], fmt), *row[1:]] for row in figures]
    comments = [[c.answered_at.astimezone(where).strftime("%Y-%m-%d %H:%M"), c.operator,
                 c.queue, c.csat, c.nps, c.comment] for c in found.comments]
    write_rows([(["metric", "value", "base"], figures),
                (["answered_at", "operator", "queue", "csat", "nps", "comment"], comments)],
               fmt)


@report.command("callbacks")
@click.option("--from", "since", required=True, help=_("first day, YYYY-MM-DD"))
@click.option("--to", "until", required=True, help=_("last day (included), YYYY-MM-DD"))
@click.option("--by", "by", type=click.Choice(["operator", "queue"]), default="operator",
              show_default=True, help=_("per operator, or per queue (the team working it)"))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def callbacks(ctx: click.Context, since: str, until: str, by: str, fmt: str) -> None:
    """Callback compliance per operator or queue: callbacks due in the range whose window has
    closed, and the share first made inside their window."""
    from backends.callbacks.api import CALLBACKS
    from backends.callbacks.models import Compliance, ComplianceBy
    from backends.callbacks.when import operator_zone

    settings = settings_from(ctx)
    try:
        where = operator_zone(settings.timezone)
        start = parse_day(since, where, "from")
        end = parse_day(until, where, "to", end=True)
    except Invalid as exc:
        fail(exc)

    async def work(backend: Backend) -> list[Compliance]:
        return await backend.domain(CALLBACKS).compliance(since=start, until=end,
                                                          by=ComplianceBy(by))

    rows = run_with_backend(settings, work)
    due = sum(r.due for r in rows)
    made = sum(r.made_in_window for r in rows)
    if fmt == "json":
        write_json({"groups": [{**r.model_dump(mode="json"), "share": r.share}
                               for r in rows],
                    "due": due, "made_in_window": made,
                    "share": made / due if due else None})
        return
    table = [[r.group, r.due, r.made_in_window, percent(r.share)] for r in rows]
    table.append([_("all"), due, made, percent(made / due if due else None)])
    write_rows([([by, "due", "made_in_window", "percent"], table)], fmt)
