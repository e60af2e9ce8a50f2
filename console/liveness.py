"""The console's liveness, so presence follows it (issue 19: "presence of operators follows
their console"): a heartbeat to the store while it runs, and leaving as Ctrl+Q does, without
asking, when the terminal hangs up (SIGHUP: the SSH link dropped, the window closed) or the
console is told to stop (SIGTERM). A console that dies without a word (kill -9, a machine
switched off) is signed out by its colleagues' heartbeats once it missed three
(backends/people/rules.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from backends.errors import BackendError

HANG_UPS = (signal.SIGHUP, signal.SIGTERM)
# seconds a console told to go may take to leave (signing out waits at most QUIT_TIMEOUT)
# before it ends without the rest of its shutdown: it must never outlive its terminal
EXIT_DEADLINE = 10.0


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
    (tests): it has no terminal to lose, and the handlers would outlive it in the loop.

    After a hang-up the terminal is gone: each write to it fails (EIO), Textual's writer
    thread dies on the first, and once its queue is full Textual's shutdown blocks the event
    loop for good: the console outlived its SSH link, asleep and holding its memory (found
    running a benchmark: 53 such consoles). So after a hang-up `app.terminal_gone` is set and
    the app's exit ends the process with `end_without_terminal` instead: there is no
    terminal left to restore."""
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for signum in HANG_UPS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, _told_to_go, app, leave, signum)


def _told_to_go(app: Any, leave: Callable[[], Awaitable[None]], signum: int) -> None:
    _end_by(EXIT_DEADLINE)
    if signum == signal.SIGHUP:
        _without_terminal()
        app.terminal_gone = True
    app.run_worker(leave(), group="quit", exclusive=True, exit_on_error=False)


async def end_without_terminal(close: Callable[[], Awaitable[None]]) -> None:
    """Close the store (bounded) and end the process, skipping Textual's shutdown."""
    try:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(close(), EXIT_DEADLINE / 2)
    finally:
        os._exit(0)


def _without_terminal() -> None:
    """/dev/null in the terminal's place, so what is written until the end does not fail."""
    with contextlib.suppress(OSError):
        sink = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(sink, fd)
        os.close(sink)


def _end_by(seconds: float) -> None:
    """The last resort should leaving hang anyway: end the process. The operator is signed
    out by then or, failing that, by the colleagues' heartbeats; drafts were kept first."""
    timer = threading.Timer(seconds, os._exit, args=(0,))
    timer.daemon = True
    timer.start()
