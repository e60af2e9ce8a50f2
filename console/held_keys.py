"""Keys typed while a new screen is still being built are held, then delivered in order.

A dialog (the customer form, the wrap-up, a message …) is composed and mounted after it is
pushed; keys that arrive meanwhile reach a screen with nothing focused, where letters vanish
and a Tab moves a focus the dialog then moves again. On a slow machine over SSH an operator
types Ctrl+E, Tab, Tab, Tab, "Rossi Srl" faster than that (the scripted shift saw "Rossi" in
the e-mail field). So the app holds such keys and delivers them, in the order typed, once the
screen in front is mounted and its first focus (queued during its mount) is set; never longer
than HOLD_AT_MOST, so a screen that fails to mount cannot swallow the keyboard.

A dialog that is storing what was typed in it (the customer form after Ctrl+S) says so with
`holding_keys = True`: keys typed meanwhile (F9 and a subject, at once) are for what comes
after it, not for its fields, so they wait until it has closed (or is back to editing).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App

HOLD_AT_MOST = 2.0  # seconds, for a screen being built
# …and for a dialog storing what was typed in it: the store's own timeouts end a save long
# before this; it only keeps a dialog that never says it is done from keeping the keys
HOLD_WHILE_STORING = 60.0
CHECK_EVERY = 0.01  # seconds


class HeldKeys:
    def __init__(self, app: App[Any], deliver: Callable[[events.Key], Awaitable[None]]) -> None:
        """`deliver`: the app's own handling of a key (Textual's App.on_event)."""
        self._app = app
        self._deliver = deliver
        self._held: list[events.Key] = []
        self._since = 0.0

    def _may_wait(self) -> float | None:
        """How long keys may wait for the screen in front; None when it takes them now."""
        stack = self._app.screen_stack
        if not stack:
            return None
        if not stack[-1].is_mounted:
            return HOLD_AT_MOST
        if getattr(stack[-1], "holding_keys", False):
            return HOLD_WHILE_STORING
        return None

    def hold(self, event: events.Key) -> bool:
        """True when `event` is kept for later (the screen in front is not mounted yet, or is
        storing, or earlier keys still wait: the order typed is kept)."""
        if not self._held and self._may_wait() is None:
            return False
        if not self._held:
            self._since = time.monotonic()
            self._app.set_timer(CHECK_EVERY, self._release)
        self._held.append(event)
        return True

    async def _release(self) -> None:
        """Runs on the app's own message loop, so no key is handled between these."""
        limit = self._may_wait()
        if limit is not None and time.monotonic() - self._since < limit:
            self._app.set_timer(CHECK_EVERY, self._release)
            return
        # the screen's first focus was queued on the app during its mount: set by now
        held, self._held = self._held, []
        for event in held:
            await self._deliver(event)
