"""The outbound operator's console: the app showing the outbound workspace
(screens/campaigns) instead of the inbound main screen, with the call scripts of
console/script_library.py; `centralino outbound` opens it on the configured backend (the
operator records what the phone did), and the demo role's launcher registered in
console/demo_roles.py (`centralino demo --as outbound`) opens it on the demo's campaigns with
the simulator playing the contacts (docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

import asyncio
from typing import Any

from console.app import CentralinoApp
from console.boot import BootingApp


def _show_workspace(app: CentralinoApp, far_end: Any, campaign: str | None) -> None:
    from backends.errors import BackendError
    from console.script_library import scripts_by_campaign
    from screens.campaigns.outbound_screen import OutboundScreen

    try:
        scripts = scripts_by_campaign()
    except BackendError as exc:  # a bad script file: said, and the workspace opens without
        app.notify(exc.message, severity="error", markup=False, timeout=30)
        scripts = {}
    screen = OutboundScreen(app.backend, app.operator, scripts, far_end=far_end,
                            open_backend=app._open_backend, campaign=campaign)
    if app.screen_stack and app.screen.id == "boot":
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


def _leave(app: CentralinoApp) -> None:
    """Ctrl+Q: with a contact in hand (claimed, or on the call) the first press says so and the
    second quits; the contact stays the operator's until an outcome is recorded."""
    from backends.i18n import _
    from screens.campaigns.outbound_screen import OutboundScreen

    desk = next((s for s in app.screen_stack if isinstance(s, OutboundScreen) and s.ready),
                None)
    if desk is not None and desk.desk.contact is not None and not desk.quit_asked:
        desk.quit_asked = True
        desk.status(_("a contact is in hand: wrap up first (F8); Ctrl+Q again quits and the "
                      "contact stays yours"))
        return
    app.exit()


class OutboundApp(CentralinoApp):
    """The workspace with a backend given (tests, embedding)."""

    far_end: Any = None
    campaign: str | None = None

    def show_main_screen(self) -> None:
        _show_workspace(self, self.far_end, self.campaign)

    async def action_quit(self) -> None:
        _leave(self)


class BootingOutboundApp(BootingApp):
    """The workspace started in two steps, as the operator's console (console/boot.py)."""

    far_end: Any = None
    campaign: str | None = None

    def show_main_screen(self) -> None:
        _show_workspace(self, self.far_end, self.campaign)

    async def action_quit(self) -> None:
        _leave(self)


def open_workspace(flags: dict[str, Any], background: list[Any], far_end: Any,
                   campaign: str | None = None) -> None:
    from console.cli_run import run_app

    app_class = type("Outbound", (BootingOutboundApp,),
                     {"far_end": far_end, "campaign": campaign})
    run_app(flags, background=background, app_class=app_class)


def launch(flags: dict[str, Any], background: list[Any]) -> None:
    """`centralino demo --as outbound`: the demo's outbound operator and campaigns, then the
    workspace with the simulator answering (or not) the contacts dialled."""
    from console.common import apply_settings, backend_for
    from console.demo_outbound import OUTBOUND_OPERATOR, ensure_outbound_demo
    from console.sim_outbound import SimulatedFarEnd

    async def prepare() -> None:
        backend = backend_for(apply_settings(flags))
        await backend.open()
        try:
            await ensure_outbound_demo(backend, flags.get("operator") or OUTBOUND_OPERATOR)
        finally:
            await backend.close()

    asyncio.run(prepare())
    open_workspace(flags, background, SimulatedFarEnd())
