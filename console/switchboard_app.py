"""The receptionist's console: the app showing the switchboard (screens/switchboard) instead
of the operator's main screen, and the demo role's launcher registered in
console/demo_roles.py (`centralino demo --as receptionist`), which signs in as the demo's
receptionist (docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from console.app import CentralinoApp
from console.boot import BootingApp

RECEPTIONIST = "reception"  # the demo's receptionist login


def _show_switchboard(app: CentralinoApp) -> None:
    from screens.switchboard.switchboard_screen import SwitchboardScreen

    screen = SwitchboardScreen(app.backend, app.operator, clock=app.clock,
                               offer_timeout=app.offer_timeout,
                               open_backend=app._open_backend)
    if app.screen_stack and app.screen.id == "boot":
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


async def _leave_switchboard(app: CentralinoApp) -> None:
    """Leave as offline so colleagues see it (within QUIT_TIMEOUT: never hang on a store that
    stopped answering)."""
    from backends.errors import BackendError
    from console.app import QUIT_TIMEOUT
    from screens.switchboard.switchboard_screen import SwitchboardScreen

    board = next((s for s in app.screen_stack if isinstance(s, SwitchboardScreen)), None)
    if board is not None and board.ready:
        with contextlib.suppress(BackendError, TimeoutError):
            await asyncio.wait_for(board.sign_out(), QUIT_TIMEOUT)
    app.exit()


class SwitchboardApp(CentralinoApp):
    """The switchboard with a backend given (tests, embedding)."""

    def show_main_screen(self) -> None:
        _show_switchboard(self)

    async def action_quit(self) -> None:
        await _leave_switchboard(self)

    async def leave_unasked(self) -> None:
        await _leave_switchboard(self)


class BootingSwitchboardApp(BootingApp):
    """The switchboard started in two steps, as the operator's console (console/boot.py)."""

    def show_main_screen(self) -> None:
        _show_switchboard(self)

    async def action_quit(self) -> None:
        await _leave_switchboard(self)

    async def leave_unasked(self) -> None:
        await _leave_switchboard(self)


async def ensure_receptionist(backend: Any, name: str = RECEPTIONIST) -> None:
    """The demo's receptionist exists with that role (the demo data has operators only)."""
    from backends.errors import NotFound
    from backends.people.models import Operator, Presence, Role

    try:
        await backend.people.get_operator(name)
    except NotFound:
        await backend.people.upsert_operator(Operator(
            name=name, display_name="Reception desk", extension="200",
            role=Role.RECEPTIONIST, languages=["it", "en"], presence=Presence.AVAILABLE))


def launch(flags: dict[str, Any], background: list[Any]) -> None:
    """`centralino demo --as receptionist`: the receptionist signed in, then the switchboard
    with the simulator's callers asking for colleagues and departments."""
    from console.cli_run import run_app
    from console.common import apply_settings, backend_for

    async def prepare() -> None:
        backend = backend_for(apply_settings(flags))
        await backend.open()
        try:
            await ensure_receptionist(backend, flags.get("operator") or RECEPTIONIST)
        finally:
            await backend.close()

    asyncio.run(prepare())
    run_app(flags, background=background, app_class=BootingSwitchboardApp)
