"""Quality checks of real calls with the lab's forms (`centralino lab qa`, `lab calibrate`):
a supervisor scores a call on the same form a trainee is scored on; two evaluators of one call
see how far apart they are (docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

import click

from backends.errors import Invalid
from backends.i18n import _, percent
from backends.protocol import Backend
from backends.sanitize import clean_line
from backends.training.api import TRAINING
from backends.training.catalog import Library
from backends.training.forms import EvaluationForm, band_label
from backends.training.models import Evaluation
from backends.training.rules import calibrate, check_scores, score
from console import lab_library
from console.common import fail, run_with_backend, settings_from


def _form(library: Library, form_id: str) -> EvaluationForm:
    if form_id not in library.forms:
        fail(_("no form {form}; the forms are: {known}").format(
            form=form_id, known=", ".join(sorted(library.forms))))
    return library.forms[form_id]


def parse_scores(form: EvaluationForm, given: tuple[str, ...]) -> dict[str, int | None]:
    """`criterion=points` (or `=na`) pairs, checked against the form: Invalid naming the
    criterion."""
    scores: dict[str, int | None] = {}
    for pair in given:
        name, sep, value = pair.partition("=")
        if not sep:
            raise Invalid(pair, _("write criterion=points, e.g. courtesy=3"))
        value = value.strip().casefold()
        if value in ("na", "n/a"):
            scores[name.strip()] = None
            continue
        try:
            scores[name.strip()] = int(value)
        except ValueError:
            raise Invalid(name, _("'{value}' is not a number of points").format(
                value=value)) from None
    check_scores(form, scores)
    return scores


def _percent(value: float | None) -> str:
    return "-" if value is None else percent(value)


@click.command("qa")
@click.argument("call_id", type=int)
@click.option("--form", "form_id", default="inbound", show_default=True)
@click.option("--score", "-s", "given", multiple=True, metavar="CRITERION=POINTS",
              help=_("a criterion's points, or =na (repeat)"))
@click.option("--comment", default="")
@click.pass_context
def qa(ctx: click.Context, call_id: int, form_id: str, given: tuple[str, ...],
       comment: str) -> None:
    """Score a real call on a lab form, as --operator (a quality check)."""
    from backends.training.inputs import EvaluationDraft  # pydantic: only for this command

    settings = settings_from(ctx)
    library = _load(settings.language)
    form = _form(library, form_id)
    try:
        scores = parse_scores(form, given)
    except Invalid as exc:
        fail(exc)

    async def work(backend: Backend) -> Evaluation:
        await backend.calls.get_call(call_id)  # NotFound for a call that does not exist
        return await backend.domain(TRAINING).evaluate(EvaluationDraft(
            subject=f"call:{call_id}", form=form.id, evaluator=settings.operator,
            scores=scores, comment=comment))

    saved = run_with_backend(settings, work)
    result = score(form, saved.scores)
    click.echo(clean_line(_("call {id} scored by {who}: {score} ({band})").format(
        id=call_id, who=saved.evaluator, score=_percent(result.score),
        band=band_label(result.band))))


@click.command("calibrate")
@click.argument("call_id", type=int)
@click.pass_context
def calibrate_call(ctx: click.Context, call_id: int) -> None:
    """Every evaluator's result on a call, and how far the first two are apart."""
    settings = settings_from(ctx)
    library = _load(settings.language)
    found = run_with_backend(settings, lambda b: b.domain(TRAINING).list_evaluations(
        f"call:{call_id}"))
    if not found:
        fail(_("nobody has scored call {id} yet").format(id=call_id))
    for evaluation in found:
        form = _form(library, evaluation.form)
        result = score(form, evaluation.scores)
        click.echo(clean_line(f"{evaluation.evaluator:<16} {form.id:<12} "
                              f"{_percent(result.score):>5}"))
    if len(found) < 2:
        return
    first, second = found[0], found[1]
    if first.form != second.form:
        fail(_("{a} and {b} used different forms").format(a=first.evaluator,
                                                          b=second.evaluator))
    form = library.forms[first.form]
    deviation = calibrate(form, first.scores, second.scores)
    labels = {c.id: c.label for c in form.criteria()}
    click.echo(clean_line(_("{a} vs {b}: overall {overall} apart, {mean} per criterion on "
                            "average").format(a=first.evaluator, b=second.evaluator,
                                              overall=_percent(deviation.overall),
                                              mean=_percent(deviation.mean_absolute))))
    for criterion, apart in deviation.per_criterion.items():
        if apart:
            click.echo(clean_line(f"  {labels[criterion][:44]:<44} {_percent(apart):>5}"))


def _load(language: str) -> Library:
    try:
        return lab_library.load(language)
    except Invalid as exc:
        fail(exc)
