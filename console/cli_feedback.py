"""`centralino feedback list …`: complaints and suggestions, filtered by kind, topic, customer
and days, and searched by every word of topic, text and product (the surveys service's
search), as a table, CSV or JSON on standard output (docs/ARCHITECTURE.md, "console/").
Output is made safe as the reports' is (console/export_safety.py)."""

from __future__ import annotations

import click

from backends.errors import Invalid
from backends.i18n import _
from backends.protocol import Backend
from console.cli_report import FORMATS, parse_day, write_json, write_rows
from console.common import fail, run_with_backend, settings_from


@click.group()
def feedback() -> None:
    """Complaints and suggestions captured at the desk or with surveys."""


@feedback.command("list")
@click.option("--kind", type=click.Choice(["complaint", "suggestion"]), default=None,
              help=_("only complaints or only suggestions"))
@click.option("--topic", default=None, help=_("only this topic (exactly)"))
@click.option("--search", "text", default=None,
              help=_("words of the topic, text or product (each as a prefix)"))
@click.option("--customer", type=click.IntRange(min=1), default=None,
              help=_("only this customer's (their id)"))
@click.option("--from", "since", default=None, help=_("first day, YYYY-MM-DD"))
@click.option("--to", "until", default=None, help=_("last day (included), YYYY-MM-DD"))
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def list_feedback(ctx: click.Context, kind: str | None, topic: str | None, text: str | None,
                  customer: int | None, since: str | None, until: str | None, limit: int,
                  fmt: str) -> None:
    """Newest first."""
    from backends.callbacks.when import operator_zone
    from backends.surveys.api import SURVEYS
    from backends.surveys.models import Feedback, FeedbackKind

    settings = settings_from(ctx)
    try:
        where = operator_zone(settings.timezone)
        start = parse_day(since, where, "from") if since else None
        end = parse_day(until, where, "to", end=True) if until else None
    except Invalid as exc:
        fail(exc)

    async def work(backend: Backend) -> list[Feedback]:
        return await backend.domain(SURVEYS).list_feedback(
            kind=FeedbackKind(kind) if kind else None, topic=topic, customer_id=customer,
            text=text, since=start, until=end, limit=limit)

    found = run_with_backend(settings, work)
    if fmt == "json":
        write_json([item.model_dump(mode="json") for item in found])
        return
    write_rows([(["id", "created_at", "kind", "topic", "product", "customer_id", "operator",
                  "queue", "call_id", "text"],
                 [[f.id, f.created_at.astimezone(where).strftime("%Y-%m-%d %H:%M"),
                   f.kind.value, f.topic, f.product, f.customer_id, f.operator, f.queue,
                   f.call_id, f.text] for f in found])], fmt)
