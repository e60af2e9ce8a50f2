"""A trainee's progress over sessions (backends/training/results.py `progress`) and its plot
in the terminal (screens/training/progress_screen.py, textual-plotext) at 80x24, on a real
SQLite file with two sessions played by the simulated trainee."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual_plotext import PlotextPlot

from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING
from backends.training.inputs import SessionDraft
from backends.training.play import TraineeAction
from backends.training.scenarios import Action
from console.lab_app import LabApp
from screens.training.progress_screen import ProgressScreen
from tests.ui_lab.harness import library, wait_for

LIB = library()
GOOD = [(Action.ANSWER, None, 3), (Action.IDENTIFY, "Anna Verdi", 10),
        (Action.INFO, "contract_end", 20), (Action.NOTE, None, 25),
        (Action.HANG_UP, None, 30), (Action.OUTCOME, "INFO_GIVEN", 40)]


async def session_played(store: SqliteBackend, name: str, careless: bool) -> None:
    lab = store.domain(TRAINING)
    session = await lab.create_session(SessionDraft(name=name, trainees=["ada"]))
    (a,) = await lab.assign(session.id, "ada", ["identify-calm"])
    await lab.start_session(session.id)
    await lab.begin(a.id, "ada")
    steps = GOOD if not careless else [(Action.ANSWER, None, 40), *GOOD[1:3]]
    for kind, value, at in steps:
        await lab.record(a.id, "ada", TraineeAction(kind=kind, value=value, at=at))
    await lab.finish(a.id, "ada")


async def test_progress_over_two_sessions_is_plotted(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    async with SqliteBackend(db) as store:
        await session_played(store, "first", careless=True)
        await session_played(store, "second", careless=False)
    app = LabApp(SqliteBackend(db), lambda b: ProgressScreen(b.domain(TRAINING), LIB, "ada"),
                 cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressScreen)
                       and len(app.screen.points) == 2, "the points")
        first, second = app.screen.points
        # first: answer late (0 of 2), identified first (2 of 2), right customer (2 of 2),
        # informed (2 of 2), no notes (0 of 1), no outcome (0 of 1); no hang-up, so the
        # wrap-up time is n/a; courtesy and empathy wait for the instructor: 6 of 10
        assert first.mean == pytest.approx(6 / 10) and first.passed == 1  # just meets
        assert second.mean == pytest.approx(1.0) and second.passed == 1
        await pilot.pause(0.2)
        drawn = app.screen.query_one(PlotextPlot).render()
        assert "Mean score per session" in str(drawn)
        await pilot.press("escape")
