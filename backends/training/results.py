"""A trainee's result on one assignment: the automatic scores of what they did, the scores
people gave on the same form, the form's verdict (docs/ARCHITECTURE.md). Pure; the board,
the console and `centralino lab results` share it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backends.errors import Invalid
from backends.training.catalog import Library
from backends.training.forms import EvaluationForm, FormResult
from backends.training.models import Assignment, Evaluation
from backends.training.play import Replay, auto_scores, replay
from backends.training.rules import check_scores, score


def _fits(form: EvaluationForm, criterion: str, points: int | None) -> bool:
    try:
        check_scores(form, {criterion: points})
    except Invalid:
        return False
    return True


@dataclass(frozen=True)
class Assessment:
    assignment: Assignment
    replay: Replay
    result: FormResult
    comments: list[tuple[str, str]]  # (evaluator, comment)


def assess(library: Library, assignment: Assignment,
           evaluations: Sequence[Evaluation] = ()) -> Assessment:
    """Automatic scores first; a person's scores (latest evaluation last) replace them on
    the criteria they score, so an instructor can correct a measure and score the criteria
    only a person can judge. Scores of criteria the form lacks are ignored."""
    scenario = library.scenarios[assignment.scenario]
    form = library.forms[scenario.form]
    played = replay(scenario, assignment.actions)
    scores = auto_scores(form, scenario, assignment.actions, played.failed)
    known = {c.id for c in form.criteria()}
    for evaluation in sorted(evaluations, key=lambda e: e.at):
        if evaluation.form == form.id:
            scores.update({k: v for k, v in evaluation.scores.items()
                           if k in known and _fits(form, k, v)})
    for criterion in played.failed:  # a critical failure during the call stands
        scores[criterion] = 0
    comments = [(e.evaluator, e.comment) for e in evaluations if e.comment]
    return Assessment(assignment, played, score(form, scores), comments)


@dataclass(frozen=True)
class SessionProgress:
    session_id: int
    mean: float  # mean score of the scenarios finished in the session, 0..1
    passed: int  # finished and not below (the instructor's pending scores aside)
    finished: int


def progress(library: Library, assignments: Sequence[Assignment],
             evaluations: dict[int, list[Evaluation]]) -> list[SessionProgress]:
    """One trainee's progress over sessions, in session order (the progress plot)."""
    by_session: dict[int, list[Assessment]] = {}
    for a in assignments:
        if a.state.value == "done" and a.scenario in library.scenarios:
            by_session.setdefault(a.session_id, []).append(
                assess(library, a, evaluations.get(a.id, [])))
    found = []
    for session_id in sorted(by_session):
        scored = [x.result for x in by_session[session_id] if x.result.score is not None]
        if scored:
            found.append(SessionProgress(
                session_id, sum(r.score or 0.0 for r in scored) / len(scored),
                sum(1 for r in scored if r.band is not None and r.band.value != "below"),
                len(scored)))
    return found
