"""Walking a call script during a call: the step in front, its text with the contact's
variables, the typed answer, the branch it takes, the actions it triggers, one step back, and
leaving the script (README "Call scripts").

A small interpreter rather than a state-machine library (transitions, python-statemachine):
those describe states and transitions in code, while a script's graph is data an organisation
writes, validated by backends/scripts/loader.py with the file, step and reason. What is left
to do at run time is small: follow `next`/`yes`/`no`/`goto` on the answer, keep the path for
"back", and collect the actions of the steps passed. Pure: no store, no screen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from backends.errors import Invalid
from backends.i18n import _
from backends.sanitize import clean_line
from backends.scripts.definition import Action, Ask, Script, Step, in_language

MAX_TEXT_ANSWER = 500
YES = frozenset({"1", "y", "yes", "s", "si", "sì", "i", "igen", "d", "da"})
NO = frozenset({"2", "n", "no", "nem", "nu"})
DATE_SHAPES = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y.%m.%d")


class _Blank(dict[str, str]):
    """A known variable the contact has no value for shows as «name», never as an error."""

    def __missing__(self, key: str) -> str:
        return f"«{key}»"


@dataclass(frozen=True)
class Triggered:
    step: str
    action: Action


def parse_answer(step: Step, raw: str) -> str:
    """The typed answer to `step`, normalised (choice value, yes/no, a number, an ISO date,
    a line of text); Invalid names the step and says what is expected."""
    value = raw.strip()
    if step.ask is Ask.CHOICE:
        if value.isdigit() and 1 <= int(value) <= len(step.choices):
            return step.choices[int(value) - 1].value
        if value in {c.value for c in step.choices}:
            return value
        raise Invalid(step.id, _("pick one of the choices, 1 to {n}").format(
            n=len(step.choices)))
    if step.ask is Ask.YES_NO:
        if value.lower() in YES:
            return "yes"
        if value.lower() in NO:
            return "no"
        raise Invalid(step.id, _("answer yes (1) or no (2)"))
    if step.ask is Ask.NUMBER:
        return _number(step, value)
    if step.ask is Ask.DATE:
        for shape in DATE_SHAPES:
            try:
                return datetime.strptime(value, shape).date().isoformat()
            except ValueError:
                continue
        raise Invalid(step.id, _("a date such as {example}").format(
            example=date(2026, 12, 31).isoformat()))
    if step.ask is Ask.TEXT:
        text = clean_line(value)
        if len(text) > MAX_TEXT_ANSWER:
            raise Invalid(step.id, _("at most {n} characters").format(n=MAX_TEXT_ANSWER))
        return text
    raise Invalid(step.id, _("this step asks nothing: press Enter to move on"))


def _number(step: Step, value: str) -> str:
    if not re.fullmatch(r"-?\d{1,12}([.,]\d{1,6})?", value):
        raise Invalid(step.id, _("a number, such as 7 or 2.5"))
    number = float(value.replace(",", "."))
    if step.minimum is not None and number < step.minimum:
        raise Invalid(step.id, _("at least {n}").format(n=f"{step.minimum:g}"))
    if step.maximum is not None and number > step.maximum:
        raise Invalid(step.id, _("at most {n}").format(n=f"{step.maximum:g}"))
    return f"{number:g}"


def answer_label(script: Script, step_id: str, value: str, language: str) -> str:
    """A stored answer as a person reads it: yes/no in the operator's language (the catalogs),
    a choice by its label in `language` (the script's text, the contact's language), anything
    else as typed. A step the script no longer has shows the value itself."""
    step = next((s for s in script.steps if s.id == step_id), None)
    if step is None:
        return value
    if step.ask is Ask.YES_NO:
        return {"yes": _("yes"), "no": _("no")}.get(value, value)
    choice = next((c for c in step.choices if c.value == value), None)
    return in_language(choice.label, language) if choice is not None else value


class ScriptRun:
    """One walk through `script` in `language`, for a contact whose variables are given."""

    def __init__(self, script: Script, language: str, variables: Mapping[str, str]) -> None:
        self.script = script
        self.language = language
        self.variables = _Blank({k: clean_line(v) for k, v in variables.items()})
        self.current = script.start
        self.path: list[str] = []  # the steps passed, for "back"
        self.answers: dict[str, str] = {}
        self.triggered: list[Triggered] = []
        self.finished = False  # the last step was passed
        self.left_at: str | None = None  # the operator left the script at this step

    @property
    def step(self) -> Step:
        return self.script.step(self.current)

    def text(self) -> str:
        """The step's text in the run's language, with the contact's variables."""
        return in_language(self.step.text, self.language).format_map(self.variables)

    def choices(self) -> list[tuple[str, str]]:
        """(key, label) of the answers the operator picks with number keys."""
        step = self.step
        if step.ask is Ask.YES_NO:
            return [("1", _("yes")), ("2", _("no"))]
        return [(str(n), in_language(c.label, self.language).format_map(self.variables))
                for n, c in enumerate(step.choices, 1)]

    def answer(self, raw: str) -> str:
        """Record the answer to the step in front (Invalid when it is not what it asks)."""
        value = parse_answer(self.step, raw)
        self.answers[self.current] = value
        return value

    def label(self, step_id: str, value: str) -> str:
        """The answer `value` to `step_id` as the operator reads it (`answer_label`); a
        choice's label with the contact's variables (a typed answer is never a template)."""
        shown = answer_label(self.script, step_id, value, self.language)
        step = next((s for s in self.script.steps if s.id == step_id), None)
        if step is not None and step.ask is Ask.CHOICE and shown != value:
            return shown.format_map(self.variables)
        return shown

    def advance(self) -> list[Triggered]:
        """Move on from the step in front: the actions it (and its answer) triggers, in order.
        Invalid when a required question has no answer yet."""
        step = self.step
        value = self.answers.get(step.id)
        if step.ask is not Ask.SAY and value is None and step.required:
            raise Invalid(step.id, _("answer the question first (or leave the script)"))
        choice = next((c for c in step.choices if c.value == value), None)
        actions = [Triggered(step.id, a) for a in step.actions]
        if choice is not None:
            actions += [Triggered(step.id, a) for a in choice.actions]
        self.triggered += actions
        following = self._following(step, value, choice.goto if choice else None)
        if following is None:
            self.finished = True
        else:
            self.path.append(step.id)
            self.current = following
        return actions

    @staticmethod
    def _following(step: Step, value: str | None, goto: str | None) -> str | None:
        if goto:
            return goto
        if value == "yes" and step.yes:
            return step.yes
        if value == "no" and step.no:
            return step.no
        return step.next

    def back(self) -> bool:
        """One step back (its actions are undone, its answer kept to change); False at the
        start."""
        if self.finished:
            self.finished = False
            self.triggered = [t for t in self.triggered if t.step != self.current]
            return True
        if not self.path:
            return False
        self.answers.pop(self.current, None)
        self.current = self.path.pop()
        self.triggered = [t for t in self.triggered if t.step != self.current]
        return True

    def leave(self) -> None:
        """The operator leaves the script here (the answers so far are kept)."""
        self.left_at = self.current

    def given(self) -> list[tuple[str, str]]:
        """(step, answer) along the path walked, in order."""
        walked = [*self.path, self.current]
        return [(s, self.answers[s]) for s in walked if s in self.answers]
