"""Capturing a complaint or a suggestion from the call in hand (or for the customer shown):
its kind (`c` or `s`), topic, product and what the customer said. Enter saves; Esc cancels;
a missing or wrong field is named and keeps the focus. (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

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
from screens.callbacks.survey_dialog import KINDS, SurveyError
from screens.common import render


@dataclass(frozen=True)
class FeedbackForm:
    kind: FeedbackKind
    topic: str
    product: str
    text: str


def read_feedback(values: dict[str, str]) -> FeedbackForm:
    """The form's fields; SurveyError naming the field and why."""
    kind = KINDS.get(values["kind"].strip().lower()[:1])
    if kind is None:
        raise SurveyError("kind", _("kind: c for a complaint, s for a suggestion"))
    topic, text = values["topic"].strip(), values["text"].strip()
    if not topic:
        raise SurveyError("topic", _("topic: say in a word or two what it is about"))
    if not text:
        raise SurveyError("text", _("text: what the customer said"))
    return FeedbackForm(kind, topic, values["product"].strip(), text)


# (field, placeholder (translated when shown), longest input)
FIELDS = (("kind", "c complaint / s suggestion", 1),
          ("topic", "topic (billing, line quality…)", 60),
          ("product", "product (optional)", 80),
          ("text", "what the customer said", 4000))


class FeedbackDialog(ModalScreen[FeedbackForm | None]):
    DEFAULT_CSS = """
    FeedbackDialog { align: center middle; }
    FeedbackDialog > Vertical { width: 64; max-width: 95%; height: auto; max-height: 95%;
        border: thick $accent; background: $surface; padding: 0 1; }
    FeedbackDialog Input { height: 1; border: none; padding: 0 1; }
    FeedbackDialog #feedback-error { color: $error; }
    FeedbackDialog .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="feedback_cancel"),
    ]

    def __init__(self, about: str) -> None:
        super().__init__()
        self.about = about  # who or which call it is captured for

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(render.content(_("Feedback: {about}").format(about=self.about),
                                        "bold", 60))
            for field, placeholder, length in FIELDS:
                yield Input(placeholder=_(placeholder), id=f"feedback-{field}",
                            max_length=length)
            yield Static("", id="feedback-error", markup=False)
            yield Static(_("Tab: next · Enter: save · Esc: cancel"), classes="hint",
                         markup=False)

    def on_mount(self) -> None:
        self.query_one("#feedback-kind", Input).focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        values = {field: self.query_one(f"#feedback-{field}", Input).value
                  for field, _placeholder, _length in FIELDS}
        try:
            form = read_feedback(values)
        except SurveyError as exc:
            self.query_one("#feedback-error", Static).update(render.content(str(exc), "", 120))
            self.query_one(f"#feedback-{exc.field}", Input).focus()
            return
        self.dismiss(form)

    def action_cancel(self) -> None:
        self.dismiss(None)
