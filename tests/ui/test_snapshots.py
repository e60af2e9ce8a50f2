"""How the console looks in its main states, at 80x24 and 120x40 (pytest-textual-snapshot).

Deterministic: fixed data on a fresh SQLite file, a frozen clock, no cursor blink, UTC.
Update the baselines with `pytest tests/ui/test_snapshots.py --snapshot-update` and look at
them before committing (tests/ui/__snapshots__/).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from screens.calls.wrapup_dialog import WrapUpDialog
from screens.help_screen import HelpScreen
from tests.ui.helpers import make_app, queue_ids, seed_basic, sqlite_backend, started, wait_for

SIZES = [(80, 24), (120, 40)]
Step = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "snap.db"

    async def seed() -> None:
        backend = sqlite_backend(path)
        await backend.open()
        try:
            await seed_basic(backend)
        finally:
            await backend.close()

    asyncio.run(seed())
    return path


async def idle(pilot: Pilot[Any]) -> None:
    screen = await started(pilot)
    await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")


async def on_call(pilot: Pilot[Any]) -> None:
    await idle(pilot)
    screen = await started(pilot)
    await pilot.press("f5")
    await wait_for(pilot, lambda: screen.customer is not None
                   and screen.query_one("#customer").customer is not None
                   and len(queue_ids(screen)) == 2, what="screen pop")
    await pilot.pause(0.2)


async def wrap_up(pilot: Pilot[Any]) -> None:
    await on_call(pilot)
    await pilot.press("f8")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WrapUpDialog), what="wrap-up")


async def lookup(pilot: Pilot[Any]) -> None:
    screen = await started(pilot)
    await pilot.press("f3", *"Rossi")
    await wait_for(pilot, lambda: len(screen.query_one("#lookup").results) == 1,
                   what="lookup results")


async def help_screen(pilot: Pilot[Any]) -> None:
    await idle(pilot)
    await pilot.press("f1")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="help")


STATES: dict[str, Step] = {"idle": idle, "on_call": on_call, "wrap_up": wrap_up,
                           "lookup": lookup, "help": help_screen}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("state", list(STATES))
def test_main_states(snap_compare: Any, db_path: Path, tmp_path: Path, state: str,
                     size: tuple[int, int]) -> None:
    app = make_app(sqlite_backend(db_path), tmp_path, opened=False)
    assert snap_compare(app, terminal_size=size, run_before=STATES[state])
