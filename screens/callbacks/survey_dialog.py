"""The satisfaction survey, read out by the operator (its own small form until the outbound
issue's script pane): CSAT 1–5, NPS 0–10, "was your request solved?" (y/n), a comment, and a
complaint or suggestion with its topic; only the questions the queue's survey asks
(`Surveys.survey_config`). Enter saves; Esc cancels. What the caller did not answer stays
empty. (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backends.i18n import _
from backends.surveys.models import FeedbackKind
from screens.common import render


@dataclass(frozen=True)
class SurveyForm:
    csat: int | None
    nps: int | None
    solved: bool | None
    comment: str
    feedback: FeedbackKind | None
    topic: str


YES = frozenset({"y", "yes", "s", "si", "sì", "i", "igen", "d", "da"})
NO = frozenset({"n", "no", "nem", "nu"})
KINDS = {"c": FeedbackKind.COMPLAINT, "s": FeedbackKind.SUGGESTION}


class SurveyError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _score(text: str, low: int, high: int, field: str, name: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise SurveyError(field, _("{name}: give a number from {low} to {high}").format(
            name=name, low=low, high=high))
    return int(text)


def read_form(values: dict[str, str]) -> SurveyForm:
    """The form's fields as answers; SurveyError naming the field and why."""
    values = {field: values.get(field, "") for field, _placeholder, _length in FIELDS}
    csat = _score(values["csat"], 1, 5, "csat", "CSAT")
    nps = _score(values["nps"], 0, 10, "nps", "NPS")
    said = values["solved"].strip().lower()
    if said and said not in YES | NO:
        raise SurveyError("solved", _("solved: answer y or n"))
    solved = None if not said else said in YES
    kind_text = values["kind"].strip().lower()[:1]
    if kind_text and kind_text not in KINDS:
        raise SurveyError("kind", _("feedback: c for a complaint, s for a suggestion"))
    kind = KINDS.get(kind_text)
    topic = values["topic"].strip()
    comment = values["comment"].strip()
    if kind is not None and not (topic and comment):
        raise SurveyError("topic", _("a complaint or suggestion needs a topic and the "
                                     "comment saying what it is"))
    if csat is None and nps is None and solved is None and not comment:
        raise SurveyError("csat", _("nothing answered yet"))
    return SurveyForm(csat, nps, solved, comment, kind, topic)


# (field, placeholder (translated when shown), longest input)
FIELDS = (("csat", "CSAT 1–5: how satisfied are you?", 1),
          ("nps", "NPS 0–10: would you recommend us?", 2),
          ("solved", "Was your request solved? y/n", 4),
          ("comment", "comment (optional)", 2000),
          ("kind", "c complaint / s suggestion (optional)", 1),
          ("topic", "its topic", 60))


class SurveyDialog(ModalScreen[SurveyForm | None]):
    DEFAULT_CSS = """
    SurveyDialog { align: center middle; }
    SurveyDialog > Vertical { width: 64; max-width: 95%; height: auto; max-height: 95%;
        border: thick $accent; background: $surface; padding: 0 1; }
    SurveyDialog Input { height: 1; border: none; padding: 0 1; }
    SurveyDialog #survey-error { color: $error; }
    SurveyDialog .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="survey_cancel"),
    ]

    def __init__(self, caller: str, questions: Sequence[str] | None = None) -> None:
        """`questions`: those the survey asks (csat, nps, solved, comment); all by default.
        The complaint or suggestion is the comment's, so it comes with it."""
        super().__init__()
        self.caller = caller
        asked = set(questions) if questions is not None else {"csat", "nps", "solved",
                                                              "comment"}
        if "comment" in asked:
            asked |= {"kind", "topic"}
        self.fields = [f for f in FIELDS if f[0] in asked]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(render.content(_("Survey: {caller}").format(
                caller=render.pretty_phone(self.caller)), "bold", 60))
            for field, placeholder, length in self.fields:
                yield Input(placeholder=_(placeholder), id=f"survey-{field}",
                            max_length=length)
            yield Static("", id="survey-error", markup=False)
            yield Static(_("Tab: next · Enter: save · Esc: cancel"), classes="hint",
                         markup=False)

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        values = {field: self.query_one(f"#survey-{field}", Input).value
                  for field, _placeholder, _length in self.fields}
        try:
            form = read_form(values)
        except SurveyError as exc:
            self.query_one("#survey-error", Static).update(render.content(str(exc), "", 120))
            wrong = self.query(f"#survey-{exc.field}")
            (wrong.first() if wrong else self.query(Input).first()).focus()
            return
        self.dismiss(form)

    def action_cancel(self) -> None:
        self.dismiss(None)
