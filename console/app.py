"""The Textual application: wires a backend, the settings and the main screen. Thin on
purpose: behaviour lives in screens/, data access in backends/.

Importing this module costs Textual and nothing more (no pydantic, no backend): console.boot
draws the first frame with it before the rest of the console is imported."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from backends.errors import BackendError
from backends.i18n import _
from console.held_keys import HeldKeys
from screens.common import keys
from screens.common.clock import Clock, system_clock

if TYPE_CHECKING:
    from textual.command import Provider

    from backends.protocol import Backend

QUIT_TIMEOUT = 2.0  # seconds; leaving must not hang on a store that stopped answering
BackgroundTask = Callable[["Backend"], Awaitable[object]]


def _console_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens, not at start-up."""
    from screens.commands import ConsoleCommands

    return ConsoleCommands


def _phrase_commands() -> type[Provider]:
    """The phrasebook's phrases in the palette (screens/phrasebook/commands.py)."""
    from screens.phrasebook.commands import PhraseCommands

    return PhraseCommands


class CentralinoApp(App[None]):
    TITLE = "Centralino"
    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding(keys.BY_ID["help"]),
        keys.binding(keys.BY_ID["quit"], priority=True),
        keys.binding(keys.BY_ID["command_palette"], priority=True),
        # Tab moves the focus before the next key is handed out (console/held_keys.py): as
        # the screen's own, non-priority binding it ran only once the Tab had gone round the
        # focused widget, and letters typed right after it landed in the field it left.
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
    ]
    COMMANDS = App.COMMANDS | {_console_commands, _phrase_commands}

    def __init__(self, backend: Backend | None, operator: str, *,
                 drafts_dir: Path | None = None,
                 keymap: dict[str, str] | None = None,
                 clock: Clock = system_clock,
                 cursor_blink: bool = True,
                 open_backend: bool = True,
                 close_backend: bool = True,
                 background: list[BackgroundTask] | None = None,
                 offer_timeout: int = 30) -> None:
        """`drafts_dir`: where this operator's unsaved ticket drafts live (the CLI passes
        `operator_drafts_dir(operator, backend)`: one folder per login and per database or
        server, so neither logins nor databases mix drafts).
        `backend` None: console.boot configures the app once the settings are loaded."""
        super().__init__()
        self.clock = clock
        self.cursor_blink = cursor_blink
        self._open_backend = open_backend
        self._close_backend = close_backend
        self.operator = operator
        self.keymap_view: dict[str, str] = {}
        self._held_keys = HeldKeys(self, self._deliver_key)
        self.terminal_gone = False  # set on a hang-up (console/liveness.py)
        self.callback_defaults: Any = None  # screens.callbacks.booking.CallbackDefaults
        if backend is not None:
            if drafts_dir is None:
                raise TypeError("drafts_dir is required with a backend")
            self.configure(backend, operator, drafts_dir=drafts_dir, keymap=keymap,
                           background=background, offer_timeout=offer_timeout)

    def configure(self, backend: Backend, operator: str, *, drafts_dir: Path,
                  keymap: dict[str, str] | None = None,
                  background: list[BackgroundTask] | None = None,
                  offer_timeout: int = 30) -> None:
        """What the console works on; console.boot calls it again once settings are loaded.
        `offer_timeout`: seconds an announced transfer waits for its answer (settings)."""
        self.backend = backend
        self.offer_timeout = offer_timeout
        self.operator = operator
        self._drafts_dir = drafts_dir
        self._background = background or []
        from console.queues import display_names
        from screens.common.render import name_queues
        from screens.keymap import check_keymap  # the panes' keys too; after the first frame

        name_queues(display_names())

        good, self._keymap_problems = check_keymap(keymap or {})
        self.keymap_view = good
        self.set_keymap(good)

    def on_mount(self) -> None:
        # pushed here, not returned by get_default_screen(): only from now on does app.size
        # hold the terminal's real size, which the main screen's arrangement depends on.
        # (Textual also runs this for BootingApp, which configures itself later.)
        if self.configured:
            self.show_main_screen()
        from console.liveness import leave_on_hang_up

        leave_on_hang_up(self, self.leave_unasked)

    @property
    def phrasebook(self) -> Any:
        """The phrasebook (console/phrasebook_files.py), read when first used; its bad
        lines are shown once, each with its file, line and reason."""
        if getattr(self, "_phrasebook", None) is None:
            from console.phrasebook_files import load_phrasebook

            self._phrasebook = load_phrasebook()
            if self._phrasebook.problems:
                self.notify("\n".join(self._phrasebook.problems[:5]), markup=False,
                            title=_("Phrasebook"), severity="warning", timeout=10)
        return self._phrasebook

    @property
    def configured(self) -> bool:
        return hasattr(self, "backend")

    def show_main_screen(self) -> None:
        from screens.main_screen import MainScreen

        # the store opens while the main screen is built and first laid out (on SQLite the
        # open is done by then): its start-up awaits this open instead of starting one after
        # its mount, so the desk is signed in one frame sooner (issue 14, start-up)
        opening = self._open_early() if self._open_backend else None
        main = MainScreen(self.backend, self.operator, clock=self.clock,
                          open_backend=self._open_backend, drafts_dir=self._drafts_dir,
                          offer_timeout=self.offer_timeout, opening=opening)
        from screens.callbacks.booking import CallbackDesk

        CallbackDesk.attach(main, self.backend, self.clock, self.callback_defaults)
        if self.screen_stack and self.screen.id == "boot":
            self.switch_screen(main)
        else:
            self.push_screen(main)
        for problem in self._keymap_problems:
            self.notify(problem, severity="warning", markup=False)

    def _open_early(self) -> asyncio.Future[None]:
        opening = asyncio.ensure_future(self.backend.open())
        # its failure is the start-up's to report (it awaits this); retrieved here too, so a
        # console closed before that never logs "exception was never retrieved"
        opening.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._opening = opening  # a reference, so the task is not collected while it runs
        return opening

    def backend_ready(self) -> None:
        """Called by the main screen once the backend is open: start background tasks and
        the heartbeat that keeps the operator signed in (console/liveness.py)."""
        from console.liveness import start_heartbeat

        start_heartbeat(self)
        for task in self._background:
            self.run_background(task)

    @work(exit_on_error=False, group="background")
    async def run_background(self, task: BackgroundTask) -> None:
        await task(self.backend)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group == "background":
            from screens.common import render

            error = event.worker.error
            message = error.message if isinstance(error, BackendError) else repr(error)
            render.notify_error(self, message, title=_("Background task stopped"))

    async def on_event(self, event: events.Event) -> None:
        """Keys typed while a new screen is being built wait for it (console.held_keys)."""
        if isinstance(event, events.Key) and not event.is_forwarded and self._held_keys.hold(
                event):
            return
        await super().on_event(event)

    async def _deliver_key(self, event: events.Key) -> None:
        await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # snapshots need a cursor that does not blink
        if not self.cursor_blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def action_help(self) -> None:
        """The keys of the screen at work: the console's own, or those of the switchboard,
        the outbound desk or the campaigns' board shown instead of it or over it."""
        from textual.screen import ModalScreen

        from screens.common.screen_keys import ScreenKeysHelp, help_rows
        from screens.help_screen import HelpScreen
        from screens.main_screen import MainScreen

        if isinstance(self.screen, HelpScreen | ScreenKeysHelp):
            return
        working = next((s for s in reversed(self.screen_stack)
                        if not isinstance(s, ModalScreen)), None)
        if working is None or isinstance(working, MainScreen):
            self.push_screen(HelpScreen(self.keymap_view))
        else:
            self.push_screen(ScreenKeysHelp(help_rows(working, self.keymap_view)))

    async def action_quit(self) -> None:
        """With a call in hand or an unsaved ticket, ask first (Enter stays; Ctrl+Q again in
        the question quits anyway); then leave."""
        from screens.calls.leave_dialogs import QuitDialog
        from screens.main_screen import MainScreen  # loaded already, unless still booting

        if isinstance(self.screen, QuitDialog):
            self.screen.dismiss(True)
            return
        screen = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        concerns = screen.leaving.concerns() if screen is not None and screen.ready else []
        if concerns:
            self.push_screen(QuitDialog(concerns), self._quit_answered)
            return
        await self._leave()

    def _quit_answered(self, quit_anyway: bool | None) -> None:
        if quit_anyway:
            self.run_worker(self._leave(), group="quit", exit_on_error=False)

    async def _leave(self) -> None:
        """Leave as offline so colleagues and supervisors see it (not in the middle of a call:
        that one is offered back at the next start); an unsaved ticket is kept as a draft."""
        from screens.main_screen import MainScreen

        screen = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if screen is not None and screen.ready:
            screen.leaving.keep_drafts()
        if screen is not None and screen.ready and screen.call is None:
            from backends.people.models import Presence

            with contextlib.suppress(BackendError, TimeoutError):
                await asyncio.wait_for(
                    self.backend.people.set_presence(self.operator, Presence.OFFLINE), QUIT_TIMEOUT)
        self.exit()

    async def leave_unasked(self) -> None:
        """Leave as Ctrl+Q does when nobody is there to answer (the terminal hung up)."""
        await self._leave()

    def exit(self, result: None = None, return_code: int = 0,
             message: Any | None = None) -> None:
        """After a hang-up Textual's shutdown would block on the lost terminal: the store is
        closed and the process ends instead (console/liveness.py)."""
        if self.terminal_gone:
            from console.liveness import end_without_terminal

            self.run_worker(end_without_terminal(self._close_store), group="end")
            return
        super().exit(result, return_code, message)

    async def _close_store(self) -> None:
        if self._close_backend and self.configured:
            await self.backend.close()

    async def on_unmount(self) -> None:
        await self._close_store()
