"""The trainee's console: the scenario's caller speaks in the caller pane, the trainee acts
with one key each (the values chosen in a prompt), each action is recorded for the instructor
and the caller's next line follows; at the end, the result against the thresholds
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Static

from backends.errors import BackendError, Conflict
from backends.i18n import _, number, percent
from backends.training.api import Training
from backends.training.catalog import Library
from backends.training.desk import DeskFollower, stage, staged_call
from backends.training.forms import band_label
from backends.training.models import Assignment, AssignmentState
from backends.training.play import TraineeAction, replay
from backends.training.results import assess
from backends.training.scenarios import Action
from screens.common.clock import Clock, system_clock
from screens.common.fitting_footer import FittingFooter
from screens.common.render import block, content, duration
from screens.training import choices as offered
from screens.training.caller_pane import CallerPane
from screens.training.choice_prompt import ChoicePrompt
from screens.training.desk_tools import DeskTools
from screens.training.lab_keys import TRAINEE_KEYS, bindings


class TraineeScreen(Screen[None]):
    DEFAULT_CSS = """
    TraineeScreen #lab-head { height: 1; background: $primary; color: $text; padding: 0 1; }
    TraineeScreen #lab-status { height: auto; max-height: 6; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings(TRAINEE_KEYS)

    def __init__(self, training: Training, library: Library, trainee: str, language: str,
                 clock: Clock = system_clock, desk: DeskTools | None = None) -> None:
        """`desk`: the trainee works the scenario's call at the real desk (another terminal);
        their work there is read from the change feed as the lab's actions."""
        super().__init__()
        self.desk = desk
        self.training, self.library, self.trainee = training, library, trainee
        self.language, self.clock = language, clock
        self.assignment: Assignment | None = None
        self._recording = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield Static(content(_("Training lab: {trainee}").format(trainee=self.trainee)),
                     id="lab-head")
        yield CallerPane(self.library, id="lab-caller")
        yield Static(id="lab-status")
        yield FittingFooter()  # F1 (every key) stays whatever else fits

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self.load()

    # -- what is shown ----------------------------------------------------------------------
    def _elapsed(self) -> float:
        started = self.assignment.started_at if self.assignment else None
        return max(0.0, (self.clock() - started).total_seconds()) if started else 0.0

    def _tick(self) -> None:
        if self.assignment is None:
            return
        scenario = self.library.scenarios[self.assignment.scenario]
        played = replay(scenario, self.assignment.actions)
        # the step's place in the scenario: its id is the author's name, not the trainee's
        ids = [step.id for step in scenario.steps]
        place = ids.index(played.step) + 1 if played.step in ids else len(ids)
        head = _("{trainee} · {title} · step {number} of {count} · {time}").format(
            trainee=self.trainee, title=scenario.text(scenario.title, self.language),
            number=number(place), count=number(len(ids)), time=duration(self._elapsed()))
        self.query_one("#lab-head", Static).update(content(head))

    def status(self, text: str) -> None:
        self.query_one("#lab-status", Static).update(block(text))

    def show_call(self) -> None:
        if self.assignment is None:
            return
        scenario = self.library.scenarios[self.assignment.scenario]
        played = replay(scenario, self.assignment.actions)
        self.query_one(CallerPane).show(scenario, played.lines, self.language,
                                        scenario.persona.name)
        self._tick()
        if self.assignment.state is AssignmentState.DONE:
            self.show_result()
        elif played.final:
            self.status(_("The call is over: record the outcome (u), then finish (f)."))
        else:
            self.status("")

    def show_result(self) -> None:
        assert self.assignment is not None
        result = assess(self.library, self.assignment).result
        form = self.library.form_of(self.assignment.scenario)
        labels = {c.id: c.label for c in form.criteria()}
        score = "-" if result.score is None else percent(result.score)
        lines = [_("Result: {score}, {band}").format(score=score,
                                                      band=band_label(result.band))]
        if result.critical_failures:
            lines.append(_("Critical failure: {items}").format(
                items=", ".join(labels[c] for c in result.critical_failures)))
        waiting = sum(1 for c in result.criteria if c.pending)
        if waiting:
            lines.append(_("{count} criteria wait for the instructor's score").format(
                count=waiting))
        lines.append(_("f: next scenario"))
        self.status("\n".join(lines))

    # -- what the trainee does --------------------------------------------------------------
    @work(exclusive=True, exit_on_error=False, group="lab-load")
    async def load(self) -> None:
        try:
            mine = await self.training.list_assignments(trainee=self.trainee)
        except BackendError as exc:
            self.status(exc.message)
            return
        current = next((a for a in mine if a.state is AssignmentState.ACTIVE), None)
        for candidate in ([] if current else [a for a in mine
                                               if a.state is AssignmentState.PENDING]):
            if candidate.scenario not in self.library.scenarios:
                continue
            try:
                current = await self.training.begin(candidate.id, self.trainee)
            except Conflict:
                self.status(_("Waiting for the instructor to start the session (f: retry)."))
                return
            break
        if current is None:
            self.assignment = None
            self.status(_("No scenario left: well done."))
            return
        self.assignment = current
        self.show_call()
        if self.desk is not None:
            self.follow_desk(current)

    @work(exclusive=True, exit_on_error=False, group="lab-desk")
    async def follow_desk(self, assignment: Assignment) -> None:
        """Stage the scenario's call (or find it again), then turn the trainee's work on it
        at the desk into recorded actions until the scenario is finished."""
        assert self.desk is not None
        tools, scenario = self.desk, self.library.scenarios[assignment.scenario]
        try:
            last = await tools.feed.last_event_id()
            call = await staged_call(tools.calls, scenario, self.trainee) or await stage(
                tools.customers, tools.calls, scenario, self.trainee)
            follower = DeskFollower(self.trainee, call.id, tools.calls, tools.customers,
                                    tools.tickets)
            self.status(_("{name} is calling ({number}): answer at the desk.").format(
                name=scenario.persona.name, number=call.caller))
            async for event in tools.feed.events(after_id=last):
                for action in await follower.actions(event, round(self._elapsed(), 1)):
                    await self._record(action)
                if self.assignment is None or self.assignment.id != assignment.id or \
                        self.assignment.state is AssignmentState.DONE:
                    return
        except BackendError as exc:
            self.status(exc.message)

    async def _record(self, action: TraineeAction) -> None:
        """Show the caller's answer at once, record it, take it back when refused. One at a
        time, in the order acted (a quick typist's actions are queued, never cancelled)."""
        async with self._recording:
            await self._record_one(action)

    async def _record_one(self, action: TraineeAction) -> None:
        if self.assignment is None or self.assignment.state is not AssignmentState.ACTIVE:
            return
        before = self.assignment
        # the caller's answer depends on the scenario alone: shown at once, then recorded
        self.assignment = before.model_copy(update={"actions": [*before.actions, action]})
        self.show_call()
        try:
            self.assignment = await self.training.record(before.id, self.trainee, action)
        except BackendError as exc:
            self.assignment = before  # not recorded: the call is as it was
            self.show_call()
            self.status(_("Not recorded: {why}").format(why=exc.message))

    def action_act(self, kind: str) -> None:
        if self.assignment is None or self.assignment.state is not AssignmentState.ACTIVE:
            self.app.bell()
            return
        self.perform(Action(kind))

    @work(exit_on_error=False, group="lab-act")
    async def perform(self, kind: Action) -> None:
        value: str | None = None
        if kind in offered.ASKED:
            value = await self._ask(kind)
            if value is None:
                return
        await self._record(TraineeAction(kind=kind, value=value,
                                         at=round(self._elapsed(), 1)))

    async def _ask(self, kind: Action) -> str | None:
        if kind is Action.TICKET:
            category = await self.app.push_screen_wait(ChoicePrompt(
                _("The ticket's category?"), offered.category_choices(self.library),
                shown=offered.category_name))
            if category is None:
                return None
            priority = await self.app.push_screen_wait(ChoicePrompt(
                _("The ticket's priority?"), offered.PRIORITY_CHOICES,
                shown=offered.priority_name))
            return None if priority is None else f"{category}:{priority}"
        return await self.app.push_screen_wait(ChoicePrompt(
            offered.question(kind), offered.choices(self.library, kind),
            free_text=kind is Action.IDENTIFY,
            shown=None if kind is Action.IDENTIFY else
            lambda value: offered.value_name(self.library, kind, value)))

    def action_finish(self) -> None:
        self.finish()

    @work(exclusive=True, exit_on_error=False, group="lab-finish")
    async def finish(self) -> None:
        if self.assignment is None or self.assignment.state is AssignmentState.DONE:
            self.load()
            return
        async with self._recording:  # after every action typed before it
            try:
                self.assignment = await self.training.finish(self.assignment.id,
                                                             self.trainee)
            except BackendError as exc:
                self.status(exc.message)
                return
        self.show_call()
