"""The board's session picker (P): an instructor with two classes switches the board from one
to the other at 80x24, in the terminal as in the browser (`lab web` has no command line to
name a session). Real SQLite file; changes to the class left behind no longer reach the rows."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING
from console.lab_app import LabApp
from screens.training.board_screen import BoardScreen
from screens.training.session_picker import SessionPicker
from tests.ui_lab.harness import library, running_class, wait_for
from tests.ui_lab.test_board import row_says

LIB = library()


def head(app: LabApp) -> str:
    return str(app.screen.query_one("#board-head", Static).render())


async def test_p_switches_the_board_to_another_session(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    morning = await running_class(db, ["identify-calm"], ("ada", "bruno"))
    afternoon = await running_class(db, ["identify-calm"], ("carla",))
    board = SqliteBackend(db)
    app = LabApp(board, lambda b: BoardScreen(b.domain(TRAINING), b.feed, LIB, afternoon,
                                              "ines", "en"), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: row_says(app, "carla", "identify-calm"), "carla's row")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionPicker), "the picker")
        options = app.screen.query_one(OptionList)
        assert options.option_count == 2
        assert options.highlighted == 0  # the session shown: the newest, listed first
        assert "1 trainee" in str(options.get_option_at_index(0).prompt)
        assert "2 trainees" in str(options.get_option_at_index(1).prompt)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: row_says(app, "ada", "identify-calm"), "ada's row")
        assert isinstance(app.screen, BoardScreen) and app.screen.session_id == morning
        assert row_says(app, "bruno", "identify-calm")
        assert not row_says(app, "carla", "identify-calm")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionPicker), "the picker")
        assert app.screen.query_one(OptionList).highlighted == 1  # the one shown now
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen), "back")
        assert app.screen.session_id == morning
