"""The instructor's board: every trainee of a session live (scenario and step, elapsed time,
running score, critical failures flagged), following the change feed; Enter opens a
trainee's call to replay it, score the criteria a person judges and comment
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from backends.errors import BackendError
from backends.feed.api import Feed
from backends.feed.models import Event
from backends.i18n import _, percent
from backends.training.api import Training
from backends.training.catalog import Library
from backends.training.forms import band_label
from backends.training.models import Assignment, Evaluation, session_state_label
from screens.common.clock import Clock, system_clock
from screens.common.fitting_footer import FittingFooter
from screens.common.render import content, duration, text
from screens.training.board_rows import BoardRow, board_rows
from screens.training.lab_keys import BOARD_KEYS, bindings

RETRY_SECONDS = 2.0
REDRAW_DELAY = 0.1  # seconds: changes arriving within it are drawn together


class BoardScreen(Screen[None]):
    DEFAULT_CSS = """
    BoardScreen #board-head { height: 1; background: $primary; padding: 0 1; }
    BoardScreen DataTable { height: 1fr; }
    BoardScreen #board-status { height: auto; max-height: 3; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings(BOARD_KEYS)

    def __init__(self, training: Training, feed: Feed, library: Library, session_id: int,
                 instructor: str, language: str, clock: Clock = system_clock) -> None:
        super().__init__()
        self.training, self.feed, self.library = training, feed, library
        self.session_id, self.instructor, self.language = session_id, instructor, language
        self.clock = clock
        self.rows: list[BoardRow] = []
        self.trainees: list[str] = []
        self.assignments: dict[int, Assignment] = {}
        self.evaluations: dict[int, list[Evaluation]] = {}
        self._redraw_due = False
        self.refreshed = 0  # how many times the rows were read (the bench reads it)

    def compose(self) -> ComposeResult:
        yield Static(content(_("Instructor's board")), id="board-head")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Trainee"), _("Scenario"), _("Step"), _("Time"), _("Score"),
                          _("Result"), _("Done"))
        yield table
        yield Static(id="board-status")
        yield FittingFooter()  # F1 (every key) stays whatever else fits

    def on_mount(self) -> None:
        self.set_interval(1.0, self._draw)
        self.follow()

    async def reload(self) -> None:
        """Read the session, its assignments and their evaluations again."""
        wanted = self.session_id
        session = await self.training.get_session(wanted)
        assignments = {a.id: a for a in await self.training.list_assignments(wanted)}
        evaluations = {}
        for a in assignments.values():
            if a.state.value != "pending":
                evaluations[a.id] = await self.training.list_evaluations(f"assignment:{a.id}")
        if wanted != self.session_id:  # another session was picked while this one was read
            return
        self.trainees, self.assignments, self.evaluations = (session.trainees, assignments,
                                                             evaluations)
        head = _("Instructor's board · {name} · {state}").format(
            name=session.name, state=session_state_label(session.state))
        self.query_one("#board-head", Static).update(content(head))
        self._rebuild()

    async def apply(self, event: Event) -> None:
        """One training change: only what it touched is read again (one assignment, or its
        evaluations); a change to the session or its assignments reads everything."""
        kind, subject = event.kind, event.subject
        number = subject.partition(":")[2]
        if not subject.startswith("assignment:") or not number.isdigit():
            await self.reload()
            return
        assignment_id = int(number)
        if kind == "training.evaluated":
            self.evaluations[assignment_id] = await self.training.list_evaluations(subject)
        else:
            found = await self.training.get_assignment(assignment_id)
            if found.session_id != self.session_id:
                return
            self.assignments[assignment_id] = found
        if not self._redraw_due:  # a burst of changes is drawn once, at most 10 times a second
            self._redraw_due = True
            self.set_timer(REDRAW_DELAY, self._redraw)

    def _redraw(self) -> None:
        self._redraw_due = False
        self._rebuild()

    def _rebuild(self) -> None:
        self.rows = board_rows(self.library, self.trainees, list(self.assignments.values()),
                               self.evaluations)
        self.refreshed += 1
        self._draw()

    def _draw(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        now = self.clock()
        for row in self.rows:
            a, result = row.assignment, row.assessment
            scenario = a.scenario if a else "-"
            step = result.replay.step if result else "-"
            score = ("-" if result is None or result.result.score is None
                     else percent(result.result.score))
            verdict = "-" if result is None else band_label(result.result.band)
            flagged = bool(result and result.result.critical_failures)
            if flagged:
                verdict = _("CRITICAL")
            table.add_row(text(row.trainee), text(scenario, max_length=24), text(step),
                          text(duration(row.elapsed(now))), text(score),
                          text(verdict, "bold red" if flagged else ""),
                          text(f"{row.done}/{row.total}"), key=row.trainee)
        if self.rows:
            table.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))

    @work(exclusive=True, exit_on_error=False, group="board-feed")
    async def follow(self) -> None:
        """Read everything, then every training change as the feed brings it; after a
        failure, wait and start again (the board must outlive a server restart)."""
        while True:
            try:
                last = await self.feed.last_event_id()
                await self.reload()
                async for event in self.feed.events(after_id=last):
                    if event.kind.startswith("training."):
                        await self.apply(event)
            except BackendError as exc:
                self.query_one("#board-status", Static).update(content(exc.message))
            await asyncio.sleep(RETRY_SECONDS)

    def action_sessions(self) -> None:
        self.run_worker(self._pick_session(), exclusive=True, group="board-pick",
                        exit_on_error=False)

    async def _pick_session(self) -> None:
        from screens.training.session_picker import SessionPicker

        try:
            sessions = await self.training.list_sessions()
        except BackendError as exc:
            self.query_one("#board-status", Static).update(content(exc.message))
            return
        chosen = await self.app.push_screen_wait(SessionPicker(sessions, self.session_id))
        if chosen is None or chosen == self.session_id:
            return
        self.show_session(chosen)

    def show_session(self, session_id: int) -> None:
        """Follow another session: its trainees replace the rows (the feed goes on)."""
        self.session_id = session_id
        self.trainees, self.assignments, self.evaluations, self.rows = [], {}, {}, []
        self._draw()
        self.action_refresh()

    def action_refresh(self) -> None:
        self.run_worker(self.reload(), exclusive=True, group="board-reload",
                        exit_on_error=False)

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()  # Enter on the table: the table takes the key first

    def action_open(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0:
            return
        row = self.rows[table.cursor_row]
        if row.assignment is None or row.assessment is None:
            self.app.bell()
            return
        from screens.training.debrief_screen import DebriefScreen

        self.app.push_screen(DebriefScreen(self.training, self.library, row.assignment.id,
                                           self.instructor, self.language))
