"""The console's liveness, so presence follows it (issue 19: "presence of operators follows
their console"): a heartbeat to the store while it runs, and leaving as Ctrl+Q does, without
asking, when the terminal hangs up (SIGHUP: the SSH link dropped, the window closed) or the
console is told to stop (SIGTERM). A console that dies without a word (kill -9, a machine
switched off) is signed out by its colleagues' heartbeats once it missed three
(backends/people/rules.py)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable
from typing import Any

from backends.errors import BackendError

HANG_UPS = (signal.SIGHUP, signal.SIGTERM)


def start_heartbeat(app: Any) -> None:
    """Say now, then every HEARTBEAT_EVERY seconds, that `app.operator`'s console is alive. A
    store that does not answer is the offline banner's business, not this one's."""
    from backends.people.rules import HEARTBEAT_EVERY

    async def beat() -> None:
        with contextlib.suppress(BackendError, TimeoutError):
            await asyncio.wait_for(app.backend.people.heartbeat(app.operator, HEARTBEAT_EVERY),
                                   HEARTBEAT_EVERY)

    def run() -> None:
        app.run_worker(beat(), group="heartbeat", exclusive=True, exit_on_error=False)

    run()
    app.set_interval(HEARTBEAT_EVERY, run)


def leave_on_hang_up(app: Any, leave: Callable[[], Awaitable[None]]) -> None:
    """On SIGHUP or SIGTERM run `leave` (sign out, keep drafts, exit). Not for a headless app
    (tests): it has no terminal to lose, and the handlers would outlive it in the loop."""
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for signum in HANG_UPS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, lambda: app.run_worker(
                leave(), group="quit", exclusive=True, exit_on_error=False))
