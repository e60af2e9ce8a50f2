"""Scoring the criteria only a person can judge (courtesy, empathy, …) on the form, with a
comment: "na" where the form allows it; checked against the form before it is saved
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from backends.errors import Invalid
from backends.i18n import _
from backends.training.forms import Criterion, EvaluationForm
from backends.training.rules import check_scores
from screens.common.render import content

Scored = tuple[dict[str, int | None], str]


def parse_points(criterion: Criterion, typed: str) -> int | None:
    """Invalid for anything but 0..points, or "na" where allowed."""
    typed = typed.strip().casefold()
    if typed in ("na", "n/a", "-") and criterion.allow_na:
        return None
    try:
        return int(typed)
    except ValueError:
        raise Invalid(criterion.id, _("'{label}': a number from 0 to {most}{na}").format(
            label=criterion.label, most=criterion.points,
            na=_(" or na") if criterion.allow_na else "")) from None


class ScoreDialog(ModalScreen[Scored | None]):
    DEFAULT_CSS = """
    ScoreDialog { align: center middle; }
    ScoreDialog > Vertical { width: 70; max-width: 100%; height: auto; max-height: 22;
                             border: round $accent; background: $surface; padding: 0 1; }
    ScoreDialog Input { width: 100%; }
    ScoreDialog #score-error { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="lab_score_cancel"),
        Binding("ctrl+s", "save", _("Save"), id="lab_score_save", priority=True),
    ]

    def __init__(self, form: EvaluationForm, current: dict[str, int | None],
                 comment: str = "") -> None:
        super().__init__()
        self.form = form
        self.human = [c for c in form.criteria() if c.auto is None]
        self.current, self.comment = current, comment

    def compose(self) -> ComposeResult:
        with Vertical():
            for criterion in self.human:
                shown = self.current.get(criterion.id, "")
                yield Label(content(f"{criterion.label} (0-{criterion.points}"
                                    f"{', na' if criterion.allow_na else ''})"))
                yield Input("na" if criterion.id in self.current and shown is None
                            else str(shown), id=f"score-{criterion.id}")
            yield Label(content(_("Comment")))
            yield Input(self.comment, id="score-comment", max_length=2000)
            yield Static(id="score-error")

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        if event.input.id == "score-comment":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        scores: dict[str, int | None] = {}
        try:
            for criterion in self.human:
                typed = self.query_one(f"#score-{criterion.id}", Input).value
                if typed.strip():
                    scores[criterion.id] = parse_points(criterion, typed)
            check_scores(self.form, scores)
        except Invalid as exc:
            self.query_one("#score-error", Static).update(content(exc.reason))
            return
        self.dismiss((scores, self.query_one("#score-comment", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
