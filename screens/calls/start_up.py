"""Start-up of the operator's desk after the first frame: open the store, sign the operator in,
read the outcomes and any call left in hand (docs/ARCHITECTURE.md, "screens/"). While the store
is unreachable it retries quietly behind the offline banner; an error retrying cannot fix is
said once and the console stays open."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from backends.calls.api import Calls
from backends.calls.models import Call
from backends.errors import BackendError, NotFound, Unavailable
from backends.i18n import _
from backends.people.api import People
from backends.people.models import Operator, Presence
from screens.common import render
from screens.common.desk import MY_CALL_STATES, Desk, DeskView

RETRY_MAX = 8.0  # seconds between attempts, at most


class StartUp:
    def __init__(self, desk: Desk, view: DeskView, *, people: People, calls: Calls,
                 open_backend: Callable[[], Awaitable[None]] | None,
                 started: Callable[[list[Call]], Awaitable[None]],
                 opening: Awaitable[None] | None = None) -> None:
        """`open_backend`: None when the caller opened the store already; `started(mine)`:
        the desk is signed in, with the calls this operator still holds. `opening`: an open
        of the store already under way (the console starts it while this screen is built);
        the first attempt awaits it, with the same outcomes as opening here, and a retry
        opens again."""
        self.desk = desk
        self.view = view
        self.people = people
        self.calls = calls
        self._open_backend = open_backend
        self._opening = opening
        self._started = started
        self.failures = 0

    def start(self) -> None:
        self.view.launch(self._start, "start")

    async def _start(self) -> None:
        desk = self.desk
        try:
            if self._opening is not None:
                opening, self._opening = self._opening, None
                await opening
            elif self._open_backend is not None:
                await self._open_backend()
            desk.operator = await self._ensure_operator()
            desk.dispositions = await self.people.list_dispositions()
            render.name_outcomes({d.code: d.label for d in desk.dispositions})
            mine = await self.calls.list_calls(operator=desk.operator_name,
                                               states=MY_CALL_STATES, limit=5)
        except Unavailable as exc:
            # tell once, then keep the banner up and retry quietly until the store answers
            if not self.failures:
                self.view.report(exc, _("Start"))
            self.failures += 1
            self.view.set_offline(True, exc.message)
            self.view.later(min(2.0 * self.failures, RETRY_MAX), self.start)
            return
        except BackendError as exc:
            # a wrong file, a refused token: retrying cannot help, so say what to fix
            self.view.cannot_start(
                _("Cannot start: {reason} (fix the settings and restart the console)").format(
                    reason=exc.message))
            return
        self.view.set_offline(False)
        await self._started(mine)

    async def _ensure_operator(self) -> Operator:
        name = self.desk.operator_name
        try:
            operator = await self.people.get_operator(name)
        except NotFound:
            return await self.people.upsert_operator(
                Operator(name=name, display_name=name, presence=Presence.AVAILABLE))
        if operator.presence is Presence.OFFLINE:
            operator = await self.people.set_presence(name, Presence.AVAILABLE)
        return operator
