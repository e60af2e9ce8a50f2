"""Shared pieces of the console's UI tests: deterministic data on a real SQLite file, the app
with a frozen clock, bounded waits and the rendered screen as text. Nothing is mocked."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from textual.app import App
from textual.pilot import Pilot

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.customers.models import Customer
from backends.protocol import Backend
from console.app import CentralinoApp
from tests.domain_proxy import attribute_through

NOW = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)
OPERATOR = "anna"
HOSTILE_NAMES = ("[@click=app.quit]", "[link=http://x]x[/link]", "[bold")


def frozen_clock() -> datetime:
    return NOW


def sqlite_backend(path: Path) -> Backend:
    from backends.sqlite import SqliteBackend

    return SqliteBackend(path, region="IT")


async def seed_basic(backend: Backend) -> dict[str, Customer]:
    """Three known customers and three waiting calls (a VIP, an urgent one, an unknown)."""
    maria = await backend.customers.create_customer(CustomerDraft(
        name="Maria Rossi", phones=["+39 06 1234 5678"], email="maria.rossi@example.it",
        company="Rossi Serramenti", tags=["VIP"], notes="Prefers calls after 14:00."))
    luca = await backend.customers.create_customer(CustomerDraft(
        name="Luca Bianchi", phones=["+39 02 8765 4321"], email="luca@example.it"))
    anna = await backend.customers.create_customer(CustomerDraft(
        name="Anna Verdi", phones=["+39 011 555 0101"], language="it"))
    await backend.calls.create_call(CallDraft(caller="+390612345678", vip=True,
                                              arrived_at=NOW - timedelta(seconds=95)))
    await backend.calls.create_call(CallDraft(caller="+390287654321", priority=6,
                                              queue="billing",
                                              arrived_at=NOW - timedelta(seconds=40)))
    await backend.calls.create_call(CallDraft(caller="+393331112222",
                                              arrived_at=NOW - timedelta(seconds=12)))
    return {"maria": maria, "luca": luca, "anna": anna}


def make_app(backend: Backend, tmp_path: Path, *, opened: bool = True,
             keymap: dict[str, str] | None = None) -> CentralinoApp:
    """The console on `backend`. `opened`: the test owns the backend's lifecycle."""
    return CentralinoApp(backend, OPERATOR, clock=frozen_clock, cursor_blink=False,
                         keymap=keymap, open_backend=not opened, close_backend=not opened,
                         drafts_dir=tmp_path / "drafts")


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], *,
                   timeout: float = 10.0, what: str = "condition") -> None:
    """Let the app run until `condition` holds; a bounded wait, never a timing assertion."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def main_screen(app: App[Any]) -> Any:
    from screens.main_screen import MainScreen

    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("the main screen is not on the stack")


async def started(pilot: Pilot[Any]) -> Any:
    """Wait until the main screen has opened the backend and shows the queue."""
    await wait_for(pilot, lambda: any(type(s).__name__ == "MainScreen"
                                      for s in pilot.app.screen_stack), what="main screen")
    screen = main_screen(pilot.app)
    await wait_for(pilot, lambda: screen.ready, what="backend ready")
    await pilot.pause(0.1)
    return screen


def queue_ids(screen: Any) -> list[int]:
    return [call.id for call in screen.query_one("#queue").calls]


async def shows(pilot: Pilot[Any], *texts: str, timeout: float = 10.0) -> None:
    """Wait until every text is on the screen (rendering follows state by a frame or two)."""
    await wait_for(pilot, lambda: all(text in screen_text(pilot.app) for text in texts),
                   timeout=timeout, what=f"{texts!r} on screen")


class RecordingBackend:
    """The real backend, with the name of every async method the console calls on its domain
    services (`backend.calls.answer_call` …) recorded in order (`called`): how many operations
    a use case takes. Nothing is changed or staged."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self.called: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return attribute_through(self._backend, name, self._recorded)

    def _recorded(self, name: str, real: Any) -> Any:
        if not inspect.iscoroutinefunction(real):
            return real

        async def recorded(*args: Any, **kwargs: Any) -> Any:
            self.called.append(name)
            return await real(*args, **kwargs)

        return recorded

    def as_backend(self) -> Backend:
        return cast(Backend, self)
