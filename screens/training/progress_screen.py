"""A trainee's progress over sessions as a plot in the terminal (textual-plotext): the mean
score of the scenarios finished in each session against the form's overall threshold
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from backends.errors import BackendError
from backends.i18n import N_, _
from backends.training.api import Training
from backends.training.catalog import Library
from backends.training.models import Evaluation
from backends.training.results import SessionProgress, progress
from screens.common.fitting_footer import FittingFooter
from screens.common.keys import KeySpec
from screens.common.render import content
from screens.training.lab_keys import bindings

PROGRESS_KEYS = (KeySpec("lab_progress_back", "escape", "back", N_("Back"), N_("Close the plot")),)


class ProgressScreen(Screen[None]):
    DEFAULT_CSS = """
    ProgressScreen #progress-head { height: 1; background: $primary; padding: 0 1; }
    ProgressScreen PlotextPlot { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings(PROGRESS_KEYS)

    def __init__(self, training: Training, library: Library, trainee: str,
                 threshold: float = 0.6) -> None:
        super().__init__()
        self.training, self.library, self.trainee = training, library, trainee
        self.threshold = threshold
        self.points: list[SessionProgress] = []

    def compose(self) -> ComposeResult:
        yield Static(content(_("Progress: {trainee}").format(trainee=self.trainee)),
                     id="progress-head")
        yield PlotextPlot()
        yield FittingFooter()  # F1 (every key) stays whatever else fits

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        try:
            mine = await self.training.list_assignments(trainee=self.trainee)
            evaluations: dict[int, list[Evaluation]] = {}
            for a in mine:
                if a.state.value == "done":
                    evaluations[a.id] = await self.training.list_evaluations(
                        f"assignment:{a.id}")
        except BackendError as exc:
            self.query_one("#progress-head", Static).update(content(exc.message))
            return
        self.points = progress(self.library, mine, evaluations)
        self.draw()

    def draw(self) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.title(_("Mean score per session (%)"))
        plt.ylim(0, 100)
        if self.points:
            xs = [float(i) for i in range(1, len(self.points) + 1)]
            plt.plot(xs, [p.mean * 100 for p in self.points], marker="braille")
            plt.xticks(xs, [f"#{p.session_id}" for p in self.points])
            plt.hline(self.threshold * 100)
        plot.refresh()

    def action_back(self) -> None:
        if len(self.app.screen_stack) <= 2:  # opened on its own (`centralino lab progress`)
            self.app.exit()
        else:
            self.dismiss(None)
