"""Presence follows the console when it dies (issue 19, item 5; console/liveness.py): the
console says it is alive, so a colleague's dead console is signed out, and a hang-up (SIGHUP:
the SSH link dropped) or SIGTERM signs its own operator out as Ctrl+Q would. The hang-up is
sent to the real `centralino` in a pseudo-terminal; nothing is mocked."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from backends.people.models import Operator, Presence
from backends.protocol import Backend
from backends.registry import create_backend
from tests.shift.terminal import TerminalConsole
from tests.ui.helpers import make_app, seed_basic, started


async def _presence(backend: Backend, name: str) -> Presence:
    return (await backend.people.get_operator(name)).presence


async def test_the_console_signs_a_dead_colleague_out(store: Backend, tmp_path: Path) -> None:
    await seed_basic(store)
    await store.people.upsert_operator(Operator(name="zeno", presence=Presence.AVAILABLE))
    await store.people.heartbeat("zeno", 0.1)  # anna's console, which then died
    await asyncio.sleep(0.5)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        for _ in range(100):  # bounded: 10 s at most
            if await _presence(store, "zeno") is Presence.OFFLINE:
                break
            await pilot.pause(0.1)
        assert await _presence(store, "zeno") is Presence.OFFLINE


async def _seed(path: Path) -> None:
    backend = create_backend(f"sqlite:///{path}")
    await backend.open()
    try:
        await seed_basic(backend)
    finally:
        await backend.close()


async def _presence_in(path: Path, name: str) -> Presence:
    backend = create_backend(f"sqlite:///{path}")
    await backend.open()
    try:
        return await _presence(backend, name)
    finally:
        await backend.close()


def _console_of_tester(tmp_path: Path) -> tuple[Path, TerminalConsole]:
    """The real `centralino` in a pseudo-terminal (80x24), signed in as "tester" on a seeded
    SQLite file of its own."""
    db = tmp_path / "console.db"
    asyncio.run(_seed(db))
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "CENTRALINO_CONFIG": str(tmp_path / "none.toml")}
    return db, TerminalConsole(["--backend", f"sqlite:///{db}", "--operator", "tester"], env,
                               columns=80, lines=24)


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_hang_up_signs_the_operator_out(tmp_path: Path, signum: signal.Signals) -> None:
    db, console = _console_of_tester(tmp_path)
    try:
        console.shows("Queue", "Available")
        assert asyncio.run(_presence_in(db, "tester")) is Presence.AVAILABLE
        os.kill(console.process.pid, signum)
        console.exited()
    finally:
        console.close()
    assert asyncio.run(_presence_in(db, "tester")) is Presence.OFFLINE


def test_a_console_whose_terminal_is_gone_ends_after_the_hang_up(tmp_path: Path) -> None:
    """As when an SSH link drops: the terminal closes, the console's next writes fail, then
    the hang-up comes. It used to sign out and then sleep for good in Textual's shutdown,
    blocked on the dead terminal (console/liveness.py); now it ends, well before the last-resort
    deadline (EXIT_DEADLINE, 10 s), and its operator is offline."""
    db, console = _console_of_tester(tmp_path)
    try:
        console.shows("Queue", "Available")
        os.close(console.master)  # the terminal goes; the status line's redraws now fail
        console.master = os.open(os.devnull, os.O_RDWR)  # for close() below
        time.sleep(2.5)
        # what the kernel sends a session whose terminal hung up: SIGHUP, then SIGCONT
        os.kill(console.process.pid, signal.SIGHUP)
        os.kill(console.process.pid, signal.SIGCONT)
        started = time.monotonic()
        try:
            code: int | None = console.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            code = None  # still asleep: the bug
        took = time.monotonic() - started
    finally:
        console.close()
    assert took < 6, f"the console took {took:.1f} s to end after the hang-up"
    assert code == 0
    assert asyncio.run(_presence_in(db, "tester")) is Presence.OFFLINE
