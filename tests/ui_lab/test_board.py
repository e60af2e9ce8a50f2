"""The instructor's board at 80x24 following two trainees at once on a real SQLite file: their
actions (written by another connection, as the trainees' own consoles would) reach the board
through the change feed; a critical failure is flagged; the instructor opens a call, replays
it line by line and scores the criteria a person judges, which changes the result."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Static

from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING
from backends.training.play import TraineeAction
from backends.training.scenarios import Action
from console.lab_app import LabApp
from screens.training.board_screen import BoardScreen
from screens.training.caller_pane import CallerPane
from screens.training.debrief_screen import DebriefScreen
from screens.training.score_dialog import ScoreDialog
from tests.ui_lab.harness import library, running_class, type_text, wait_for

LIB = library()


def cells(app: LabApp, trainee: str) -> list[str]:
    table: DataTable[Text] = app.screen.query_one(DataTable)
    return [str(c) for c in table.get_row(trainee)]


def row_says(app: LabApp, trainee: str, *wanted: str) -> bool:
    if not isinstance(app.screen, BoardScreen):
        return False
    try:
        row = cells(app, trainee)
    except Exception:  # the row is not there yet
        return False
    return all(w in row for w in wanted)


async def act(store: SqliteBackend, assignment: int, trainee: str, kind: Action,
              value: str | None = None) -> None:
    await store.domain(TRAINING).record(assignment, trainee, TraineeAction(kind=kind,
                                                                           value=value))


async def test_the_board_follows_two_trainees_and_scores_a_call(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    session = await running_class(db, ["identify-calm"])
    board = SqliteBackend(db)
    app = LabApp(board, lambda b: BoardScreen(b.domain(TRAINING), b.feed, LIB, session,
                                              "ines", "en"), cursor_blink=False)
    async with SqliteBackend(db) as trainees, app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: row_says(app, "ada", "identify-calm", "0/1"), "rows")
        assert row_says(app, "bruno", "identify-calm", "-")
        lab = trainees.domain(TRAINING)
        ada, bruno = [(await lab.list_assignments(session, t))[0].id for t in ("ada", "bruno")]
        await lab.begin(ada, "ada")
        await lab.begin(bruno, "bruno")
        await act(trainees, ada, "ada", Action.ANSWER)
        await act(trainees, bruno, "bruno", Action.ANSWER)
        await act(trainees, bruno, "bruno", Action.ACCOUNT_DETAILS)
        await act(trainees, ada, "ada", Action.IDENTIFY, "Anna Verdi")
        await wait_for(pilot, lambda: row_says(app, "ada", "explain"), "ada's step")
        await wait_for(pilot, lambda: row_says(app, "bruno", "greet", "CRITICAL"),
                       "bruno's critical failure")
        assert "CRITICAL" not in cells(app, "ada")
        for kind, value in ((Action.INFO, "contract_end"), (Action.NOTE, None),
                            (Action.HANG_UP, None), (Action.OUTCOME, "INFO_GIVEN")):
            await act(trainees, ada, "ada", kind, value)
        await lab.finish(ada, "ada")
        await wait_for(pilot, lambda: row_says(app, "ada", "end", "1/1"), "ada done")
        assert cells(app, "ada")[4] == "100%"  # the automatic criteria; courtesy pending

        await pilot.press("enter")  # the cursor is on ada's row
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen)
                       and app.screen.assessment is not None, "the debrief")
        pane = app.screen.query_one(CallerPane)
        total = len(pane.children)
        await pilot.press("left", "left")
        assert len(pane.children) == total - 2  # replayed: two lines fewer shown
        await pilot.press("end")
        assert len(pane.children) == total
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ScoreDialog), "the form")
        await type_text(pilot, "9")  # courtesy takes 0-4: refused, named
        await pilot.press("enter", "enter", "enter")
        error = str(app.screen.query_one("#score-error", Static).render())
        assert "Courtesy and tone" in error and "4" in error
        await pilot.press("shift+tab", "shift+tab", "backspace")  # back to courtesy
        await type_text(pilot, "1")
        await pilot.press("tab")
        await type_text(pilot, "na")
        await pilot.press("tab")
        await type_text(pilot, "rude at the start")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), "saved")
        await wait_for(pilot, lambda: "below threshold" in str(
            app.screen.query_one("#debrief-head", Static).render()), "the new result")
        (saved,) = await lab.list_evaluations(f"assignment:{ada}")
        assert saved.evaluator == "ines" and saved.scores == {"courtesy": 1, "empathy": None}
        assert saved.comment == "rude at the start"


async def test_the_debrief_marks_only_criteria_that_have_a_minimum(tmp_path: Path) -> None:
    """✓/✗ say a criterion met its own minimum or fell under it; a criterion without one (not
    critical, no threshold) gets no mark, so 0 of 1 point never shows a ✓."""
    db = tmp_path / "lab.db"
    session = await running_class(db, ["identify-calm"])
    app = LabApp(SqliteBackend(db), lambda b: BoardScreen(b.domain(TRAINING), b.feed, LIB,
                                                          session, "ines", "en"),
                 cursor_blink=False)
    async with SqliteBackend(db) as trainees, app.run_test(size=(80, 24)) as pilot:
        lab = trainees.domain(TRAINING)
        (ada,) = [a.id for a in await lab.list_assignments(session, "ada")]
        await lab.begin(ada, "ada")
        await act(trainees, ada, "ada", Action.ANSWER)
        await act(trainees, ada, "ada", Action.IDENTIFY, "Somebody Else")  # the wrong one
        await act(trainees, ada, "ada", Action.HANG_UP)
        await lab.finish(ada, "ada")
        await wait_for(pilot, lambda: row_says(app, "ada", "1/1"), "ada done")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen)
                       and app.screen.assessment is not None, "the debrief")
        lines = str(app.screen.query_one("#debrief-criteria", Static).render()).splitlines()
        right_customer = next(line for line in lines if "Finds the right customer" in line)
        assert right_customer.rstrip().endswith("0/1")
        assert right_customer[0] == " ", right_customer  # no minimum of its own: no mark
        identified = next(line for line in lines if "Identifies the caller" in line)
        assert identified[0] == "✓", identified  # critical: it has a minimum, and met it
