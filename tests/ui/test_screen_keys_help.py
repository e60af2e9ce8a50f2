"""Tried as a new user: F1 on the switchboard and on the outbound desk listed the operator
console's keys (F7 "put the call on hold", F9 "open a ticket"), where F7 takes a message and
F9 picks up a parked call; the trainee's console had no F1 at all, and at 80 columns its footer
hid half of its keys (hang up, outcome, finish)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from backends.people.models import Operator, Presence, Role
from screens.common.screen_keys import ScreenKeysHelp
from screens.help_screen import HelpScreen
from tests.ui.helpers import wait_for


def _shown(app) -> str:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(DataTable)
    return "\n".join(" ".join(str(cell) for cell in table.get_row_at(row))
                     for row in range(table.row_count))


async def test_f1_at_the_switchboard_lists_the_switchboard_s_keys(store, tmp_path: Path) -> None:
    from console.switchboard_app import SwitchboardApp
    from screens.switchboard.switchboard_screen import SwitchboardScreen

    await store.people.upsert_operator(Operator(name="reception", role=Role.RECEPTIONIST,
                                                presence=Presence.AVAILABLE))
    app = SwitchboardApp(store, "reception", open_backend=False, close_backend=False,
                         cursor_blink=False, drafts_dir=tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SwitchboardScreen)
                       and app.screen.ready, what="the switchboard")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreenKeysHelp), what="help")
        shown = _shown(app)
        assert "Message" in shown and "Park" in shown and "Pick up" in shown
        assert "hold" not in shown  # the operator console's F7
        assert "ticket" not in shown.lower()  # the operator console's F9
        assert "1–9" in shown  # the parking slots, one row
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SwitchboardScreen), what="back")


async def test_f1_in_the_operator_console_still_lists_every_console_key(
        store, tmp_path: Path) -> None:
    from tests.ui.helpers import OPERATOR, make_app, seed_basic, started

    await seed_basic(store)
    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna"))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")


async def test_f1_in_the_trainee_s_console_lists_the_keys_the_footer_cannot_show(
        tmp_path: Path) -> None:
    from backends.sqlite import SqliteBackend
    from backends.training.api import TRAINING
    from console.lab_app import LabApp
    from screens.common.fitting_footer import FittingFooter
    from screens.training.trainee_screen import TraineeScreen
    from tests.ui_lab.harness import library, running_class

    db = tmp_path / "lab.db"
    await running_class(db, ["identify-calm"], trainees=("ada",))
    lib = library()
    app = LabApp(SqliteBackend(db), lambda b: TraineeScreen(b.domain(TRAINING), lib, "ada", "en"),
                 cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TraineeScreen), what="the console")
        footer = app.screen.query_one(FittingFooter)
        await wait_for(pilot, lambda: "Help" in " ".join(
            str(k.render()) for k in footer.children), what="F1 Help in the footer")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreenKeysHelp), what="help")
        shown = _shown(app)
        assert "End the call" in shown and "Record the call's outcome" in shown
        assert "Finish this scenario" in shown
