"""Start-up in two steps, so the operator sees the console at once.

1. Before the first frame: click and Textual only. The app shows the main screen's outline
   (screens.common.boot_screen) with "Connecting…".
2. After it, in a worker thread: the settings (pydantic-settings), the backend and the real
   screens are imported and built; the main screen then replaces the outline, opens the
   backend and reads the queue.

Step 2 costs more than everything in step 1 together (pydantic alone about as much as
Textual), which is why it waits until the frame is on the terminal. A setting or backend
that cannot be used ends the app with that message and exit status 1, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from backends.errors import BackendError
from console.app import BackgroundTask, CentralinoApp
from screens.common.boot_screen import BootScreen

if TYPE_CHECKING:
    from backends.protocol import Backend


@dataclass(frozen=True)
class Launch:
    """What step 2 found: everything CentralinoApp.configure needs."""

    backend: Backend
    operator: str
    drafts_dir: Path
    keymap: dict[str, str] = field(default_factory=dict)
    background: list[BackgroundTask] = field(default_factory=list)
    offer_timeout: int = 30  # seconds (settings.offer_timeout)


Prepare = Callable[[], Launch]


class BootingApp(CentralinoApp):
    def __init__(self, prepare: Prepare, operator_hint: str = "") -> None:
        """`prepare` runs in a worker thread after the first frame; `operator_hint` is the
        login already known from flags or the environment (shown while loading)."""
        super().__init__(None, operator_hint)
        self._prepare = prepare
        self.boot_error: str | None = None

    def on_mount(self) -> None:
        self.push_screen(BootScreen(self.operator))
        self.call_after_refresh(self._load)

    @work(thread=True, exit_on_error=False, group="boot")
    def _load(self) -> None:
        try:
            launch = self._prepare()
        except BackendError as exc:
            self.call_from_thread(self._refuse, exc.message)
            return
        self.call_from_thread(self._launch, launch)

    def _launch(self, launch: Launch) -> None:
        self.configure(launch.backend, launch.operator, drafts_dir=launch.drafts_dir,
                       keymap=launch.keymap, background=launch.background,
                       offer_timeout=launch.offer_timeout)
        self.show_main_screen()

    def _refuse(self, message: str) -> None:
        self.boot_error = message
        if isinstance(self.screen, BootScreen):
            self.screen.show_problem(message)
        self.exit(return_code=1)
