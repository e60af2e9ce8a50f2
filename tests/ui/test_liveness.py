"""Presence follows the console when it dies (issue 19, item 5; console/liveness.py): the
console says it is alive, so a colleague's dead console is signed out, and a hang-up (SIGHUP:
the SSH link dropped) or SIGTERM signs its own operator out as Ctrl+Q would. The hang-up is
sent to the real `centralino` in a pseudo-terminal; nothing is mocked."""

from __future__ import annotations

import asyncio
import os
import signal
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


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_hang_up_signs_the_operator_out(tmp_path: Path, signum: signal.Signals) -> None:
    db = tmp_path / "console.db"
    asyncio.run(_seed(db))
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "CENTRALINO_CONFIG": str(tmp_path / "none.toml")}
    console = TerminalConsole(["--backend", f"sqlite:///{db}", "--operator", "tester"], env,
                              columns=80, lines=24)
    try:
        console.shows("Queue", "Available")
        assert asyncio.run(_presence_in(db, "tester")) is Presence.AVAILABLE
        os.kill(console.process.pid, signum)
        console.exited()
    finally:
        console.close()
    assert asyncio.run(_presence_in(db, "tester")) is Presence.OFFLINE
