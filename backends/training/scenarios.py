"""Training scenarios: a caller persona, the records the scenario needs, and the caller's
lines revealed step by step as the trainee acts (docs/ARCHITECTURE.md; the files are in
data/training/scenarios/, an organisation adds its own in the config folder).

Files are TOML: comments let an author explain a step to the translators, multi-line strings
hold a caller's longer speech, one `{ it = …, en = …, hu = …, ro = … }` table per text keeps
the four languages side by side, and Python reads it without a dependency (`tomllib`). A file
is refused, never half-loaded, with the file, the step and the reason (`ScenarioError`):
unknown step, unreachable step, missing translation, unknown action, bad field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from annotated_types import Ge, Le, MaxLen, MinLen

from backends.errors import Invalid
from backends.i18n import _
from backends.record import Pattern, Record
from backends.record_check import read
from backends.step_files import StepFileError, check_translated, raw_steps, read_text_file

LANGUAGES = ("it", "en", "hu", "ro")
MAX_FILE_BYTES = 256 * 1024


class Mood(StrEnum):
    CALM = "calm"
    CONFUSED = "confused"
    ANGRY = "angry"
    HURRY = "in_a_hurry"


class Competence(StrEnum):
    TAKING_CALL = "taking_call"  # taking the call and identifying the caller
    DECODING = "decoding_request"  # decoding the request and giving information
    COMPLAINTS = "complaints"  # handling complaints and escalating
    OUTBOUND = "outbound"  # script adherence
    SWITCHBOARD = "switchboard"  # a message for an absent colleague


def competence_label(competence: Competence) -> str:
    """The competence as a person reads it, in their language (a printed report)."""
    return {Competence.TAKING_CALL: _("Taking the call and identifying the caller"),
            Competence.DECODING: _("Decoding the request and giving information"),
            Competence.COMPLAINTS: _("Handling complaints and escalating"),
            Competence.OUTBOUND: _("Outbound calls: following the script"),
            Competence.SWITCHBOARD: _("Switchboard: a message for an absent colleague")
            }[competence]


class Action(StrEnum):
    """What a trainee does that a scenario reacts to (and the automatic scoring reads)."""

    ANSWER = "answer"
    IDENTIFY = "identify"  # value: the customer found
    ACCOUNT_DETAILS = "account_details"  # account details given out
    WRONG_QUESTION = "wrong_question"
    INFO = "info"  # value: the information given
    TICKET = "ticket"  # value: "category:priority"
    ESCALATE = "escalate"  # value: the tier
    TRANSFER = "transfer"  # value: the department
    WRONG_INFO = "wrong_info"  # info other than the scenario expects (see play.py)
    WRONG_TRANSFER = "wrong_transfer"  # a transfer to another department than expected
    MESSAGE = "message"  # value: who the message is for
    SCRIPT = "script"  # value: the script step done
    NOTE = "note"
    HANG_UP = "hang_up"
    OUTCOME = "outcome"  # value: the outcome code


Text = dict[str, str]  # language -> text


@dataclass(kw_only=True)
class Persona(Record):
    name: Annotated[str, MinLen(1), MaxLen(120)]
    language: Annotated[str, Pattern(r"^(it|en|hu|ro)$")]
    mood: Mood
    phone: Annotated[str, MaxLen(40)] | None = None


@dataclass(kw_only=True)
class Step(Record):
    id: Annotated[str, MinLen(1), MaxLen(40), Pattern(r"^[a-z0-9_]+$")]
    line: Text  # what the caller says when the step is reached
    next: dict[Action, str] = field(default_factory=dict)  # action -> the step it leads to
    react: dict[Action, Text] = field(default_factory=dict)  # said without moving on
    critical: dict[Action, str] = field(default_factory=dict)  # action -> criterion it fails

    @property
    def final(self) -> bool:
        return not self.next


@dataclass(kw_only=True)
class Expect(Record):
    """What the automatic scoring compares the trainee's actions with."""

    customer: str | None = None
    info: str | None = None
    category: str | None = None
    priority: str | None = None
    escalate: str | None = None
    transfer: str | None = None
    message_for: str | None = None
    outcome: str | None = None
    script: Annotated[list[str], MaxLen(20)] = field(default_factory=list)
    answer_within: Annotated[int, Ge(1), Le(600)] = 15  # seconds
    wrapup_within: Annotated[int, Ge(1), Le(3600)] = 90


@dataclass(kw_only=True)
class Scenario(Record):
    id: Annotated[str, MinLen(1), MaxLen(60), Pattern(r"^[a-z0-9-]+$")]
    competence: Competence
    form: Annotated[str, MinLen(1), MaxLen(40)]
    title: Text
    persona: Persona
    records: dict[str, Any] = field(default_factory=dict)  # customer, tickets, orders
    expect: Expect = field(default_factory=Expect)
    start: str
    steps: Annotated[list[Step], MinLen(1), MaxLen(100)]

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def text(self, text: Text, language: str) -> str:
        return text.get(language) or text["en"]


class ScenarioError(StepFileError):
    """A scenario file refused: which file, which step (or ""), why."""


def _translated(file: str, step: str, what: str, text: object) -> None:
    check_translated(ScenarioError, LANGUAGES, file, step, what, text)


def _raw_checks(file: str, raw: dict[str, Any]) -> None:
    """The checks that need the raw tables (before pydantic): translations, actions."""
    for name, step in raw_steps(ScenarioError, LANGUAGES, file, raw):
        _translated(file, name, "line", step.get("line"))
        for table in ("next", "react", "critical"):
            for action in step.get(table, {}) or {}:
                if action not in Action.__members__.values():
                    raise ScenarioError(file, name, _("unknown action '{action}' in {table}")
                                        .format(action=action, table=table))
        for action, text in (step.get("react") or {}).items():
            _translated(file, name, f"react.{action}", text)


def _graph_checks(file: str, scenario: Scenario) -> None:
    ids: set[str] = set()
    for step in scenario.steps:
        if step.id in ids:
            raise ScenarioError(file, step.id, _("the step appears twice"))
        ids.add(step.id)
    if scenario.start not in ids:
        raise ScenarioError(file, scenario.start, _("unknown step (the start)"))
    for step in scenario.steps:
        for action, target in step.next.items():
            if target not in ids:
                raise ScenarioError(file, step.id, _("unknown step '{target}' after '{action}'")
                                    .format(target=target, action=action.value))
    seen, todo = set(), [scenario.start]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(scenario.step(current).next.values())
    for step in scenario.steps:
        if step.id not in seen:
            raise ScenarioError(file, step.id, _("unreachable step: no path leads to it from "
                                                 "'{start}'").format(start=scenario.start))
    if not any(scenario.step(s).final for s in seen):
        raise ScenarioError(file, scenario.start, _("no final step: the call never ends"))


def parse(file: str, text: str) -> Scenario:
    """One scenario from its TOML text; ScenarioError names the file, step and reason."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(file, "", _("not valid TOML: {error}").format(error=exc)) from None
    _raw_checks(file, raw)
    try:
        scenario = read(Scenario, raw)
    except Invalid as exc:
        raise ScenarioError(file, "", f"{exc.field}: {exc.reason}" if exc.field
                            else exc.reason) from None
    _graph_checks(file, scenario)
    return scenario


def load_file(path: Path) -> Scenario:
    return parse(path.name, read_text_file(ScenarioError, path, MAX_FILE_BYTES))


def load_folders(folders: Iterable[Path]) -> dict[str, Scenario]:
    """Every `*.toml` scenario of `folders`, by id; a later folder's scenario replaces an
    earlier one's with the same id (an organisation's own over the shipped ones)."""
    found: dict[str, Scenario] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                scenario = load_file(path)
                found[scenario.id] = scenario
    return found
