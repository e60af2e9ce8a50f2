"""Playing a scenario: what the caller says next when the trainee acts, and what the trainee
did, scored automatically against the scenario's expectations (docs/ARCHITECTURE.md).

Pure functions over a `Scenario`, so the console, the lab's service and the tests share them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from annotated_types import Ge, Le, MaxLen

from backends.record import Record
from backends.training.forms import Criterion, EvaluationForm
from backends.training.scenarios import Action, Scenario, Text


@dataclass(kw_only=True)
class TraineeAction(Record):
    """One thing the trainee did, `at` seconds after the scenario started."""

    kind: Action
    value: Annotated[str, MaxLen(120)] | None = None
    at: Annotated[float, Ge(0.0), Le(86_400.0)] = 0.0


@dataclass(frozen=True)
class Reaction:
    step: str  # the step the scenario is at after the action
    line: Text | None  # what the caller says (None: nothing, the action meant nothing here)
    critical: str | None  # the criterion the action failed, if critical here
    action: Action  # the action as the scenario read it (a wrong transfer, wrong info)


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def interpret(scenario: Scenario, action: TraineeAction) -> Action:
    """A transfer to another department or other information than expected is read as
    WRONG_TRANSFER or WRONG_INFO."""
    expect = scenario.expect
    if action.kind is Action.TRANSFER and expect.transfer and not _same(action.value,
                                                                        expect.transfer):
        return Action.WRONG_TRANSFER
    if action.kind is Action.INFO and expect.info and not _same(action.value, expect.info):
        return Action.WRONG_INFO
    return action.kind


def react(scenario: Scenario, step_id: str, action: TraineeAction) -> Reaction:
    step = scenario.step(step_id)
    kind = interpret(scenario, action)
    critical = step.critical.get(kind)
    if kind in step.next:
        target = step.next[kind]
        return Reaction(target, scenario.step(target).line, critical, kind)
    return Reaction(step.id, step.react.get(kind), critical, kind)


def _first(actions: list[TraineeAction], kind: Action) -> TraineeAction | None:
    return next((a for a in actions if a.kind is kind), None)


def _match(criterion: Criterion, expected: str | None, actions: list[TraineeAction],
           kind: Action, part: int | None = None) -> int | None:
    done = [a.value for a in actions if a.kind is kind]
    if part is not None:
        done = [(v or "").split(":")[part] if ":" in (v or "") else None for v in done]
    if expected is None:  # not needed here: an escalation or transfer made anyway is wrong
        return 0 if done and kind in (Action.ESCALATE, Action.TRANSFER) else None
    return criterion.points if any(_same(v, expected) for v in done) else 0


def _in_order(done: list[str | None], script: list[str]) -> int:
    """How many of the script's steps were done in its order: the longest common
    subsequence of what was done and the script."""
    row = [0] * (len(script) + 1)
    for value in done:
        previous = row[:]
        for j, wanted in enumerate(script, 1):
            row[j] = previous[j - 1] + 1 if _same(value, wanted) else max(previous[j], row[j - 1])
    return row[-1]


def measure(criterion: Criterion, scenario: Scenario,
            actions: list[TraineeAction]) -> int | None:
    """The points of an automatic criterion; None when it does not apply to this scenario."""
    expect, full = scenario.expect, criterion.points
    answered, hung_up = _first(actions, Action.ANSWER), _first(actions, Action.HANG_UP)
    outcome = _first(actions, Action.OUTCOME)
    match criterion.auto:
        case "answer_time":
            if answered is None:
                return 0
            if answered.at <= expect.answer_within:
                return full
            return full // 2 if answered.at <= 2 * expect.answer_within else 0
        case "identified_first":
            identified = _first(actions, Action.IDENTIFY)
            details = _first(actions, Action.ACCOUNT_DETAILS)
            early = details is not None and (  # in the order done (clocks may differ)
                identified is None or actions.index(details) < actions.index(identified))
            return 0 if early else full
        case "right_customer":
            return _match(criterion, expect.customer, actions, Action.IDENTIFY)
        case "information":
            return _match(criterion, expect.info, actions, Action.INFO)
        case "ticket_category":
            return _match(criterion, expect.category, actions, Action.TICKET, 0)
        case "ticket_priority":
            return _match(criterion, expect.priority, actions, Action.TICKET, 1)
        case "escalation":
            return _match(criterion, expect.escalate, actions, Action.ESCALATE)
        case "transfer":
            return _match(criterion, expect.transfer, actions, Action.TRANSFER)
        case "message_for":
            return _match(criterion, expect.message_for, actions, Action.MESSAGE)
        case "outcome":
            return _match(criterion, expect.outcome, actions, Action.OUTCOME)
        case "notes":
            return full if _first(actions, Action.NOTE) else 0
        case "wrap_up_time":
            if outcome is None or hung_up is None:
                return None
            return full if outcome.at - hung_up.at <= expect.wrapup_within else 0
        case "script":
            done = [a.value for a in actions if a.kind is Action.SCRIPT][:200]
            matched = _in_order(done, expect.script)
            return full * matched // len(expect.script) if expect.script else None
    return None


def auto_scores(form: EvaluationForm, scenario: Scenario, actions: list[TraineeAction],
                failed: Iterable[str] = ()) -> dict[str, int | None]:
    """The automatic criteria of `form` scored from `actions`; a criterion the scenario marked
    failed during play scores 0. A criterion that does not apply is None where the form
    allows "not applicable", else left out (a person scores it)."""
    failed = set(failed)
    scores: dict[str, int | None] = {}
    for criterion in form.criteria():
        if criterion.auto is None:
            continue
        points = 0 if criterion.id in failed else measure(criterion, scenario, actions)
        if points is not None or criterion.allow_na:
            scores[criterion.id] = points
    return scores


@dataclass(frozen=True)
class Line:
    """One line of a call as replayed: the caller's speech, or what the trainee did."""

    speaker: str  # "caller" or "trainee"
    text: Text | None  # the caller's line, in every language
    action: TraineeAction | None  # the trainee's action
    step: str  # the step after it


@dataclass(frozen=True)
class Replay:
    step: str
    lines: list[Line]
    failed: list[str]  # criteria failed by critical actions, in order
    final: bool  # the scenario reached a final step


def replay(scenario: Scenario, actions: Iterable[TraineeAction]) -> Replay:
    """The call so far from the stored actions: where it stands, what was said, what failed
    (the console, the instructor's board and the debrief all read a call this way)."""
    step = scenario.start
    lines = [Line("caller", scenario.step(step).line, None, step)]
    failed: list[str] = []
    for action in actions:
        reaction = react(scenario, step, action)
        step = reaction.step
        lines.append(Line("trainee", None, action, step))
        if reaction.line is not None:
            lines.append(Line("caller", reaction.line, None, step))
        if reaction.critical and reaction.critical not in failed:
            failed.append(reaction.critical)
    return Replay(step, lines, failed, scenario.step(step).final)
