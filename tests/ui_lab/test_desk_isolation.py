"""Desk mode with two trainees on one SQLite file and the same scenario (the same caller's
number): each trainee's console stages its caller at that trainee's desk only. At the real
desk (`centralino`, 80x24) a trainee's queue shows their own caller and never the other's,
F5 answers their own, and the caller's window of each follows only its own call."""

from __future__ import annotations

from pathlib import Path

from backends.calls.models import CallState
from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING
from console.app import CentralinoApp
from console.lab_app import LabApp
from screens.training.desk_tools import DeskTools
from screens.training.trainee_screen import TraineeScreen
from tests.ui.helpers import frozen_clock, queue_ids, screen_text, started
from tests.ui.helpers import wait_for as wait_until
from tests.ui_lab.harness import library, running_class, wait_for
from tests.ui_lab.test_trainee import pane_text, status

LIB = library()


def caller_window(db: Path, trainee: str) -> LabApp:
    """`centralino lab train --desk` for `trainee`."""
    return LabApp(SqliteBackend(db), lambda b: TraineeScreen(
        b.domain(TRAINING), LIB, trainee, "en",
        desk=DeskTools(b.calls, b.customers, b.tickets, b.feed)), cursor_blink=False)


def desk(db: Path, trainee: str, tmp_path: Path) -> CentralinoApp:
    """`centralino` for `trainee`: the real desk."""
    return CentralinoApp(SqliteBackend(db, region="IT"), trainee, clock=frozen_clock,
                         cursor_blink=False, drafts_dir=tmp_path / f"drafts-{trainee}")


async def test_two_trainees_at_the_desk_see_and_answer_only_their_own_call(
        tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    await running_class(db, ["identify-calm"])  # ada and bruno
    staged = {}
    for trainee in ("ada", "bruno"):
        window = caller_window(db, trainee)
        async with window.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda w=window: "answer at the desk" in status(w),
                           f"{trainee}'s staged call")
        async with SqliteBackend(db) as store:
            (staged[trainee],) = await store.calls.list_calls(operator=trainee)
    assert staged["ada"].id != staged["bruno"].id
    assert staged["ada"].caller == staged["bruno"].caller

    window = caller_window(db, "bruno")  # bruno's caller, following his desk
    console = desk(db, "bruno", tmp_path)
    async with window.run_test(size=(80, 24)) as caller, \
            console.run_test(size=(80, 24)) as pilot:
        await wait_for(caller, lambda: "answer at the desk" in status(window), "the caller")
        screen = await started(pilot)
        await wait_until(pilot, lambda: queue_ids(screen) == [staged["bruno"].id],
                         what="bruno's own call, alone in his queue")
        assert "for you" in screen_text(console)
        await pilot.press("f5")
        await wait_until(pilot, lambda: screen.call is not None, what="the answer")
        assert screen.call.id == staged["bruno"].id
        await wait_for(caller, lambda: "Good morning, I would like" in pane_text(window),
                       "bruno's caller answered")

    async with SqliteBackend(db) as store:
        adas = await store.calls.get_call(staged["ada"].id)
        assert (adas.state, adas.operator) == (CallState.OFFERED, "ada")
        (brunos,) = await store.domain(TRAINING).list_assignments(trainee="bruno")
        (still,) = await store.domain(TRAINING).list_assignments(trainee="ada")
        assert [a.kind.value for a in brunos.actions] == ["answer"]
        assert still.actions == []  # ada's caller heard nothing of bruno's answer

    console = desk(db, "ada", tmp_path)
    async with console.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_until(pilot, lambda: queue_ids(screen) == [staged["ada"].id],
                         what="ada's own call, alone in her queue")
        await pilot.press("f5")
        await wait_until(pilot, lambda: screen.call is not None, what="the answer")
        assert screen.call.id == staged["ada"].id
