"""A call script as data: steps that say a text (one per language, with the contact's and
customer's variables), ask a typed question, branch on the answer and trigger actions
(docs/ARCHITECTURE.md, README "Call scripts"). The loader is backends/scripts/loader.py; the
interpreter that walks a script during a call is backends/scripts/runner.py."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from backends.model_base import Model

LANGUAGES = ("en", "it", "hu", "ro")
# the variables every script may use: the contact's and the linked customer's
BUILT_IN_VARIABLES = frozenset({
    "name", "first_name", "last_name", "phone", "customer_name", "operator", "campaign"})
MAX_STEPS = 200
MAX_CHOICES = 9  # number keys 1-9 pick them

Text = dict[str, str]  # language -> text


class Ask(StrEnum):
    """What a step asks; `say` asks nothing (Enter moves on)."""

    SAY = "say"
    CHOICE = "choice"
    YES_NO = "yes_no"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


class Do(StrEnum):
    """What a step (or one of its answers) triggers when the operator moves on from it."""

    OUTCOME = "outcome"  # `value`: the campaign's outcome code for the wrap-up
    CALLBACK = "callback"  # book a callback (the callbacks domain); `value`: when, e.g. +1d
    APPOINTMENT = "appointment"  # book a slot with a sales colleague
    TICKET = "ticket"  # open a ticket; `value`: its subject
    DNC = "dnc"  # add the number to the internal do-not-call list, for every campaign


class SurveyQuestion(StrEnum):
    """The satisfaction survey's question a step's answer also is (issue 18): its answer is
    stored with the surveys domain too, so CSAT, NPS and FCR count it."""

    CSAT = "csat"  # a number from 1 to 5
    NPS = "nps"  # a number from 0 to 10
    SOLVED = "solved"  # yes/no: was the request solved?
    COMMENT = "comment"  # free text


class Action(Model):
    do: Do
    value: str = Field(default="", max_length=200)


class Choice(Model):
    value: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    label: Text
    goto: str | None = None  # the step this answer leads to (else the step's `next`)
    actions: list[Action] = Field(default_factory=list, max_length=5)


class Step(Model):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    ask: Ask = Ask.SAY
    text: Text
    choices: list[Choice] = Field(default_factory=list, max_length=MAX_CHOICES)
    yes: str | None = None  # yes_no: the step after "yes" (else `next`)
    no: str | None = None  # yes_no: the step after "no" (else `next`)
    minimum: float | None = None  # number: the smallest answer accepted
    maximum: float | None = None
    required: bool = True  # a question that must be answered before moving on
    next: str | None = None  # the step after this one; none: the script ends here
    actions: list[Action] = Field(default_factory=list, max_length=5)
    survey: SurveyQuestion | None = None  # the survey question this answer also is

    def targets(self) -> list[str]:
        """Every step this one may lead to."""
        found = [t for t in (self.next, self.yes, self.no) if t]
        found += [c.goto for c in self.choices if c.goto]
        return found

    @property
    def final(self) -> bool:
        return not self.targets()


class Script(Model):
    id: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9-]+$")
    campaign: str = Field(min_length=1, max_length=60)  # the campaign's name
    title: Text
    fields: list[str] = Field(default_factory=list, max_length=40)  # contact columns used
    start: str
    steps: list[Step] = Field(min_length=1, max_length=MAX_STEPS)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def variables(self) -> frozenset[str]:
        return BUILT_IN_VARIABLES | frozenset(self.fields)


def in_language(text: Text, language: str) -> str:
    """The text in `language` (the loader made sure each of LANGUAGES is there)."""
    return text.get(language) or text.get("en") or next(iter(text.values()), "")
