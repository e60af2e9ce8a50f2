"""Issue 16: the main screen on a call, the ticket editor, the transfer panel and the help
screen at 80x24 in Italian, Hungarian and Romanian (English: tests/ui/test_snapshots.py), each
a snapshot; and in each, every key label of the footer and every tab label is on screen whole
(no label or button cut off by a longer word).

The labels of key bindings are fixed when their class is first imported (in whichever language
was active then): the footer, the help screen and the tabs translate them again when drawn,
which is what lets one test process show the console in four languages."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Tab
from textual.widgets._footer import FooterKey

from backends import i18n
from backends.people.models import DirectoryEntry, DirectoryKind
from console.language import activate_language
from screens.help_screen import HelpScreen
from tests.ui.helpers import make_app, screen_text, sqlite_backend, wait_for
from tests.ui.test_snapshots import db_path, on_call  # noqa: F401  (the seeded database)

LANGUAGES = ("it", "hu", "ro")


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    activate_language(request.param)
    yield request.param
    i18n.activate("en", None)


def labels_whole(pilot: Pilot[Any]) -> None:
    """Every footer key's label and every tab's label appears whole on screen."""
    shown = screen_text(pilot.app)
    missing = [str(key.description) for key in pilot.app.screen.query(FooterKey)
               if key.description and str(key.description) not in shown]
    missing += [tab.label.plain for tab in pilot.app.screen.query(Tab)
                if tab.display and tab.label.plain not in shown]
    assert not missing, f"cut off: {missing}\n{shown}"


async def main_on_call(pilot: Pilot[Any]) -> None:
    await on_call(pilot)
    labels_whole(pilot)


async def ticket_editor(pilot: Pilot[Any]) -> None:
    await on_call(pilot)
    await pilot.press("f9")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#ticket TicketForm"))
                   and getattr(pilot.app.focused, "id", None) == "subject",
                   what="ticket editor, the subject focused")
    await pilot.press("end")  # the subject's select-all lands a frame or two later: settle it
    await pilot.pause(0.5)
    labels_whole(pilot)


async def transfer_panel(pilot: Pilot[Any]) -> None:
    await on_call(pilot)
    # departments are stored by their key and read in the operator's language
    for entry in (DirectoryEntry(name="Sales", kind=DirectoryKind.DEPARTMENT, extension="210"),
                  DirectoryEntry(name="Luca Bianchi", kind=DirectoryKind.PERSON,
                                 department="Technical Support", extension="231")):
        await pilot.app.backend.people.upsert_directory_entry(entry)  # type: ignore[attr-defined]
    await pilot.press("f10")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("TransferPanel")),
                   what="transfer panel")
    await pilot.pause(0.3)
    labels_whole(pilot)


async def help_screen(pilot: Pilot[Any]) -> None:
    await on_call(pilot)
    await pilot.press("f1")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="help")
    await pilot.pause(0.2)
    labels_whole(pilot)


SCREENS = {"main": main_on_call, "ticket": ticket_editor, "transfer": transfer_panel,
           "help": help_screen}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_screens_in_each_language(snap_compare: Any, db_path: Path,  # noqa: F811
                                  tmp_path: Path, language: str, screen: str) -> None:
    app = make_app(sqlite_backend(db_path), tmp_path, opened=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen])
