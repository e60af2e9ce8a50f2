"""The lab's Textual application: one backend and one of the lab's screens (the trainee's
console or the instructor's board, screens/training/). Thin: wiring, not logic
(docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.screen import Screen

from screens.common import keys

if TYPE_CHECKING:
    from backends.protocol import Backend


class LabApp(App[None]):
    TITLE = "Centralino lab"
    # the palette's key as the console's (its label translated; Textual's own says "palette")
    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding(keys.BY_ID["quit"], priority=True),
        keys.binding(keys.BY_ID["command_palette"], priority=True),
        # the footer at 80 columns cannot show every key of a screen: F1 lists them
        keys.binding(keys.BY_ID["help"])]

    def __init__(self, backend: Backend, screen: Callable[[Backend], Screen[None]], *,
                 open_backend: bool = True, cursor_blink: bool = True,
                 background: Sequence[Callable[[Backend], Awaitable[object]]] = ()
                 ) -> None:
        """`background`: tasks run beside the screen on the same backend (the demo's
        simulated trainees), stopped with the app."""
        super().__init__()
        self._background = list(background)
        self.backend, self._make_screen = backend, screen
        self._open_backend = open_backend
        self.cursor_blink = cursor_blink

    async def on_mount(self) -> None:
        if self._open_backend:
            await self.backend.open()
        await self._name_outcomes()
        await self.push_screen(self._make_screen(self.backend))
        for task in self._background:
            self.run_worker(task(self.backend), group="lab-background", exit_on_error=False)

    async def _name_outcomes(self) -> None:
        """The outcomes' labels, so a trainee picks "Information given", not INFO_GIVEN."""
        from backends.errors import BackendError
        from screens.common.render import name_outcomes

        try:
            outcomes = await self.backend.people.list_dispositions()
        except BackendError:
            return  # codes are shown until then: the lab works on
        name_outcomes({outcome.code: outcome.label for outcome in outcomes})

    def action_help(self) -> None:
        """The keys of the screen in front (the trainee's, the board's, the replay's…)."""
        from textual.screen import ModalScreen

        from screens.common.screen_keys import ScreenKeysHelp, help_rows

        if not isinstance(self.screen, ModalScreen):
            self.push_screen(ScreenKeysHelp(help_rows(self.screen, {})))

    async def on_unmount(self) -> None:
        if self._open_backend:
            await self.backend.close()
