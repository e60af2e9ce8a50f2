"""The Textual side of the `DeskView` protocol (screens/common/desk.py) that any screen hosting
the desk's objects provides the same way: dialogs, workers and timers. The main screen builds on
it and adds what is its own (panes, queue, banner); see docs/ARCHITECTURE.md, "screens/"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from textual.screen import Screen

ResultT = TypeVar("ResultT")


class DeskScreen(Screen[None]):
    # True from release_focus until a widget takes the focus: a pane about to open will place
    # it (F9's subject), so a pane shown late meanwhile (F10's panel, its Show event delayed on
    # a slow machine) must not take it back (focus_is_reserved)
    _focus_reserved = False

    async def ask(self, dialog: Screen[ResultT]) -> ResultT:
        return await self.app.push_screen_wait(dialog)

    def offer(self, dialog: Screen[ResultT],
              answered: Callable[[ResultT | None], None]) -> None:
        self.app.push_screen(dialog, answered)

    def launch(self, work: Callable[[], Awaitable[None]], group: str, *,
               exclusive: bool = False) -> None:
        self.run_worker(work, name=getattr(work, "__name__", group), group=group,
                        exit_on_error=False, exclusive=exclusive)

    def later(self, delay: float, callback: Callable[[], object]) -> None:
        self.set_timer(delay, callback)

    def every(self, interval: float, callback: Callable[[], object]) -> None:
        self.set_interval(interval, callback)

    def release_focus(self) -> None:
        self.set_focus(None)
        self._focus_reserved = True

    @property
    def focus_is_reserved(self) -> bool:
        return self._focus_reserved

    def on_descendant_focus(self) -> None:
        self._focus_reserved = False
