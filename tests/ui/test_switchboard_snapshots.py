"""How the switchboard looks (issue 19), at 80x24 and 120x40 (pytest-textual-snapshot): the
directory with presences (away with a note and a return time, do-not-disturb, a department
closed by its hours), a caller waiting who asks for somebody, then that call answered with the
directory filtered to whom they asked for. Deterministic: fixed data on a fresh SQLite file, a
frozen clock (a Monday, 10:00 UTC), no cursor blink, UTC. Update with --snapshot-update and
look at them before committing."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from backends.calls.inputs import CallDraft
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from console.switchboard_app import SwitchboardApp
from tests.ui.helpers import NOW, frozen_clock, sqlite_backend, wait_for

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "board.db"

    async def seed() -> None:
        backend = sqlite_backend(path)
        await backend.open()
        try:
            people = backend.people
            await people.upsert_operator(Operator(name="reception", role=Role.RECEPTIONIST,
                                                  presence=Presence.AVAILABLE))
            await people.upsert_operator(Operator(name="bruno", display_name="Bruno Neri",
                                                  extension="401", presence=Presence.ON_CALL,
                                                  presence_since=NOW - timedelta(minutes=3)))
            await people.upsert_directory_entry(DirectoryEntry(
                name="Laura Bianchi", department="Sales", extension="211",
                presence=Presence.AWAY, presence_note="at a client's",
                back_at=NOW + timedelta(hours=4)))
            await people.upsert_directory_entry(DirectoryEntry(
                name="Marco Bellini", department="Sales", extension="212",
                presence=Presence.DND, presence_note="board meeting"))
            await people.upsert_directory_entry(DirectoryEntry(
                name="Billing", kind=DirectoryKind.DEPARTMENT, extension="220",
                hours="mon-fri 14:00-17:00"))
            await people.upsert_directory_entry(DirectoryEntry(
                name="Sales", kind=DirectoryKind.DEPARTMENT, extension="210",
                hours="mon-fri 09:00-18:00"))
            await backend.calls.create_call(CallDraft(
                caller="+390612345678", notes="Asks for Sales: a quote for 20 routers"))
        finally:
            await backend.close()

    asyncio.run(seed())
    return path


def board(pilot: Pilot[Any]) -> Any:
    return next(s for s in pilot.app.screen_stack if type(s).__name__ == "SwitchboardScreen")


async def idle(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, lambda: any(type(s).__name__ == "SwitchboardScreen"
                                      for s in pilot.app.screen_stack), what="switchboard")
    await wait_for(pilot, lambda: len(board(pilot).rows) == 6 and board(pilot).waiting,
                   what="directory and queue")
    await pilot.pause(0.2)


async def answered(pilot: Pilot[Any]) -> None:
    await idle(pilot)
    await pilot.press("f5")
    await wait_for(pilot, lambda: board(pilot).call is not None
                   and board(pilot).rows[0].name == "Sales", what="screen pop")
    await pilot.pause(0.2)


STATES = {"idle": idle, "answered": answered}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("state", list(STATES))
def test_switchboard_states(snap_compare: Any, db_path: Path, tmp_path: Path, state: str,
                            size: tuple[int, int]) -> None:
    app = SwitchboardApp(sqlite_backend(db_path), "reception", clock=frozen_clock,
                         cursor_blink=False, drafts_dir=tmp_path / "drafts")
    assert snap_compare(app, terminal_size=size, run_before=STATES[state])
