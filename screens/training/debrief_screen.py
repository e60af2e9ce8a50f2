"""A trainee's call for the instructor: replayed line by line (the debrief), the form's
criteria with their scores against the minimums, and the instructor's own scores and comment
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Static

from backends.errors import BackendError
from backends.i18n import _, percent
from backends.training.api import Training
from backends.training.catalog import Library
from backends.training.forms import band_label
from backends.training.inputs import EvaluationDraft
from backends.training.results import Assessment, assess
from screens.common.fitting_footer import FittingFooter
from screens.common.render import block, content, notify_error
from screens.training.caller_pane import CallerPane
from screens.training.lab_keys import DEBRIEF_KEYS, bindings
from screens.training.score_dialog import ScoreDialog


class DebriefScreen(Screen[None]):
    DEFAULT_CSS = """
    DebriefScreen #debrief-head { height: 1; background: $primary; padding: 0 1; }
    DebriefScreen CallerPane { height: 1fr; }
    DebriefScreen #debrief-criteria { height: auto; max-height: 9; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings(DEBRIEF_KEYS)

    def __init__(self, training: Training, library: Library, assignment_id: int,
                 instructor: str, language: str) -> None:
        super().__init__()
        self.training, self.library, self.assignment_id = training, library, assignment_id
        self.instructor, self.language = instructor, language
        self.assessment: Assessment | None = None
        self.shown = 0  # lines of the replay shown

    def compose(self) -> ComposeResult:
        yield Static(id="debrief-head")
        yield CallerPane(self.library)
        yield Static(id="debrief-criteria")
        yield FittingFooter()  # F1 (every key) stays whatever else fits

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False, group="debrief")
    async def load(self) -> None:
        try:
            assignment = await self.training.get_assignment(self.assignment_id)
            evaluations = await self.training.list_evaluations(
                f"assignment:{self.assignment_id}")
        except BackendError as exc:
            notify_error(self, exc.message)
            return
        self.assessment = assess(self.library, assignment, evaluations)
        if not self.shown:
            self.shown = len(self.assessment.replay.lines)
        self._draw()

    def _draw(self) -> None:
        found = self.assessment
        if found is None:
            return
        scenario = self.library.scenarios[found.assignment.scenario]
        result = found.result
        score = "-" if result.score is None else percent(result.score)
        self.query_one("#debrief-head", Static).update(content(
            f"{found.assignment.trainee} · {scenario.text(scenario.title, self.language)} · "
            f"{score} {band_label(result.band)}"))
        self.query_one(CallerPane).show(scenario, found.replay.lines[:self.shown],
                                        self.language, scenario.persona.name)
        labels = {c.id: c.label for c in self.library.forms[scenario.form].criteria()}
        lines = []
        for c in result.criteria:
            got = (_("n/a") if not c.applicable else _("pending") if c.pending
                   else f"{c.points}/{c.possible}")
            # ✓/✗: met its own minimum or not; a criterion without one is never "met" with 0
            has_minimum = c.critical or c.minimum > 0
            mark = {True: "✓", False: "!" if c.critical else "✗",
                    None: " "}[c.met if has_minimum else None]
            lines.append(f"{mark} {labels[c.id][:44]:<44} {got:>7}")
        self.query_one("#debrief-criteria", Static).update(block("\n".join(lines)))

    def action_step(self, by: int) -> None:
        if self.assessment is None:
            return
        total = len(self.assessment.replay.lines)
        self.shown = max(1, min(total, self.shown + by if by != 1000 else total))
        self._draw()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_score(self) -> None:
        self.score()

    @work(exclusive=True, exit_on_error=False, group="debrief-score")
    async def score(self) -> None:
        if self.assessment is None:
            return
        scenario = self.library.scenarios[self.assessment.assignment.scenario]
        form = self.library.forms[scenario.form]
        mine = await self.training.list_evaluations(f"assignment:{self.assignment_id}")
        own = next((e for e in mine if e.evaluator == self.instructor), None)
        answer = await self.app.push_screen_wait(ScoreDialog(
            form, own.scores if own else {}, own.comment if own else ""))
        if answer is None:
            return
        scores, comment = answer
        try:
            await self.training.evaluate(EvaluationDraft(
                subject=f"assignment:{self.assignment_id}", form=form.id,
                evaluator=self.instructor, scores=scores, comment=comment))
        except BackendError as exc:
            notify_error(self, exc.message)
            return
        self.load()
