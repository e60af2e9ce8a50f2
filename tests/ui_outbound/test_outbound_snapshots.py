"""How the outbound workspace looks (issue 17 item 10), at 80x24 and 120x40
(pytest-textual-snapshot): a contact in preview with the script's first step, the script on a
choice question after the call was answered, and the outcomes at wrap-up with the one the
script set marked. Deterministic: fixed data on a fresh SQLite file, a far end that answers,
no cursor blink. Update with --snapshot-update and look at them before committing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from backends.campaigns.models import DialMode
from backends.people.models import Operator, Presence
from console.outbound_app import OutboundApp
from screens.campaigns.outbound_screen import OutboundScreen
from tests.ui.helpers import sqlite_backend, wait_for
from tests.ui_outbound.conftest import PlayedFarEnd, campaign, fibre_contact

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "outbound.db"

    async def seed() -> None:
        backend = sqlite_backend(path)
        await backend.open()
        try:
            await backend.people.upsert_operator(Operator(
                name="anna", display_name="Anna Neri", presence=Presence.AVAILABLE))
            await campaign(backend, "Fibre offer", DialMode.PREVIEW, [
                fibre_contact("+390612345671", "Ada Rossi")])
        finally:
            await backend.close()

    asyncio.run(seed())
    return path


def workspace(pilot: Pilot[Any]) -> Any:
    return next(s for s in pilot.app.screen_stack if type(s).__name__ == "OutboundScreen")


async def preview(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, lambda: any(isinstance(s, OutboundScreen) and s.ready
                                      for s in pilot.app.screen_stack), what="workspace")
    await pilot.press("f5")
    await wait_for(pilot, lambda: workspace(pilot).desk.contact is not None, what="contact")
    await pilot.pause(0.2)


async def on_script(pilot: Pilot[Any]) -> None:
    await preview(pilot)
    await pilot.press("f6")
    await wait_for(pilot, lambda: workspace(pilot).desk.call_id is not None, what="dialled")
    await pilot.press("1", "enter", "3")
    await pilot.pause(0.2)


async def wrap_up(pilot: Pilot[Any]) -> None:
    await on_script(pilot)
    await pilot.press("enter", "f8")
    await pilot.pause(0.2)


STATES = {"preview": preview, "script": on_script, "wrap_up": wrap_up}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("state", list(STATES))
def test_outbound_states(snap_compare: Any, db_path: Path, tmp_path: Path, state: str,
                         size: tuple[int, int]) -> None:
    app = OutboundApp(sqlite_backend(db_path), "anna", cursor_blink=False,
                      drafts_dir=tmp_path / "drafts")
    app.far_end = PlayedFarEnd()
    assert snap_compare(app, terminal_size=size, run_before=STATES[state])
