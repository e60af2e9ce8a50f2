"""The training domain's rules: scoring an evaluation form (docs/ARCHITECTURE.md).

Score = Σ(points × weight) ÷ Σ(possible × weight), over the applicable criteria that are
scored: a criterion marked not applicable (None) is left out of both sums, one not scored yet
is pending. The band is BELOW when a critical criterion is under its minimum (a *critical
failure*, which fails the whole form whatever the score), when any criterion is under its own
minimum, a section under its threshold, or the score under the form's threshold; EXCEEDS when
the score reaches the form's `exceeds`; MEETS otherwise. Exact fractions are used throughout,
so a hand-computed 7/9 is 7/9.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from backends.errors import Forbidden, Invalid
from backends.i18n import _
from backends.people.models import Role
from backends.training.forms import (
    Band,
    Calibration,
    Criterion,
    CriterionResult,
    EvaluationForm,
    FormResult,
    SectionResult,
)
from backends.training.models import Assignment, LabSession, SessionState

Scores = Mapping[str, int | None]  # criterion id -> points, or None for "not applicable"


def check_scores(form: EvaluationForm, scores: Scores) -> None:
    """Invalid (naming the criterion) for an unknown criterion, points out of range, or
    "not applicable" where the form does not allow it."""
    known = {c.id: c for c in form.criteria()}
    for criterion_id, points in scores.items():
        criterion = known.get(criterion_id)
        if criterion is None:
            raise Invalid(criterion_id, _("the form {form} has no criterion '{id}'").format(
                form=form.id, id=criterion_id))
        if points is None:
            if not criterion.allow_na:
                raise Invalid(criterion_id, _("'{label}' cannot be marked not applicable")
                              .format(label=criterion.label))
        elif isinstance(points, bool) or not 0 <= points <= criterion.points:
            raise Invalid(criterion_id, _("'{label}' takes 0 to {most} points, not {given}")
                          .format(label=criterion.label, most=criterion.points, given=points))


def _ratio(pairs: list[tuple[Criterion, int]]) -> Fraction | None:
    possible = sum((Fraction(c.weight) * c.points for c, _p in pairs), Fraction(0))
    if not possible:
        return None
    return sum((Fraction(c.weight) * p for c, p in pairs), Fraction(0)) / possible


def _criterion(criterion: Criterion, section: str, scores: Scores) -> CriterionResult:
    pending = criterion.id not in scores
    points = scores.get(criterion.id)
    applicable = pending or points is not None
    fraction = Fraction(points, criterion.points) if points is not None else None
    met = None if fraction is None else fraction >= Fraction(criterion.minimum)
    return CriterionResult(
        id=criterion.id, section=section, points=points, possible=criterion.points,
        weight=criterion.weight, applicable=applicable, pending=pending,
        critical=criterion.critical, minimum=criterion.minimum,
        fraction=None if fraction is None else float(fraction), met=met)


def score(form: EvaluationForm, scores: Scores) -> FormResult:
    """The result of `scores` on `form` (see the module's docstring)."""
    check_scores(form, scores)
    results: list[CriterionResult] = []
    sections: list[SectionResult] = []
    counted: list[tuple[Criterion, int]] = []
    below = False
    for section in form.sections:
        in_section: list[tuple[Criterion, int]] = []
        for criterion in section.criteria:
            result = _criterion(criterion, section.id, scores)
            results.append(result)
            if result.points is not None:
                in_section.append((criterion, result.points))
            below = below or result.met is False
        ratio = _ratio(in_section)
        met = None if ratio is None else ratio >= Fraction(section.threshold)
        below = below or met is False
        sections.append(SectionResult(id=section.id, score=None if ratio is None else float(ratio),
                                      threshold=section.threshold, met=met))
        counted.extend(in_section)
    overall = _ratio(counted)
    failures = [r.id for r in results if r.critical and r.met is False]
    complete = not any(r.pending for r in results)
    band: Band | None = None
    if failures or below or (overall is not None and overall < Fraction(form.threshold)):
        band = Band.BELOW
    elif overall is not None:
        band = Band.EXCEEDS if overall >= Fraction(form.exceeds) else Band.MEETS
    return FormResult(form=form.id, criteria=results, sections=sections,
                      score=None if overall is None else float(overall),
                      threshold=form.threshold, exceeds=form.exceeds,
                      critical_failures=failures, complete=complete, band=band,
                      passed=complete and band in (Band.MEETS, Band.EXCEEDS))


def calibrate(form: EvaluationForm, first: Scores, second: Scores) -> Calibration:
    """How far two evaluators of the same call are apart (see `Calibration`)."""
    a, b = score(form, first), score(form, second)
    per: dict[str, float | None] = {}
    for left, right in zip(a.criteria, b.criteria, strict=True):
        per[left.id] = (None if left.fraction is None or right.fraction is None
                        else abs(left.fraction - right.fraction))
    known = [d for d in per.values() if d is not None]
    overall = None if a.score is None or b.score is None else abs(a.score - b.score)
    return Calibration(per_criterion=per, overall=overall,
                       mean_absolute=sum(known) / len(known) if known else None)



# -- lab sessions and assignments -----------------------------------------------------------
# who runs the lab: manages the class, watches the board, scores (the server's policy and the
# lab in a browser both ask this); anybody else is a trainee
INSTRUCTORS = frozenset({Role.TRAINER, Role.SUPERVISOR, Role.ADMIN})
START_FROM = frozenset({SessionState.PLANNED, SessionState.STOPPED})  # a stopped one resumes
STOP_FROM = frozenset({SessionState.RUNNING})


def check_trainee(session: LabSession, trainee: str) -> None:
    if trainee not in session.trainees:
        raise Invalid("trainee", _("'{trainee}' is not in the class '{name}'").format(
            trainee=trainee, name=session.name))


def check_own(assignment: Assignment, trainee: str) -> None:
    """Only the assignment's own trainee acts on it (the instructor watches and scores)."""
    if assignment.trainee != trainee:
        raise Forbidden(_("assignment {id} is {owner}'s, not {trainee}'s").format(
            id=assignment.id, owner=assignment.trainee, trainee=trainee))


def board_session(sessions: list[LabSession]) -> LabSession | None:
    """The session an instructor's board opens when none is named: the newest running one,
    else the newest of all (a class just stopped, to debrief); None when there is none."""
    newest = sorted(sessions, key=lambda s: s.id, reverse=True)
    running = [s for s in newest if s.state is SessionState.RUNNING]
    found = running or newest
    return found[0] if found else None
