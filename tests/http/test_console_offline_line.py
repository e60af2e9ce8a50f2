"""The real server (a child process on 127.0.0.1) stopped and started again under a running
console (issue 15, item 2): the OFFLINE line appears, the queue's wait times are not counted on
meanwhile, and the line clears within 5 s of the server answering again, even though no change
event arrives; the ticket typed meanwhile is still there. On each store: a SQLite file, a database
of the run's PostgreSQL (which stays up: only the server goes). Nothing mocked."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input

from backends.http import HttpBackend
from backends.people.models import Role
from tests.http.conftest import fresh_store
from tests.http.harness import ServerProcess, provision, store_backend
from tests.ui.helpers import OPERATOR, make_app, screen_text, seed_basic, started, wait_for

BACK_WITHIN = 5.0  # seconds from the server answering to the line gone


async def test_offline_line_clears_within_seconds_of_the_server_answering(
        tmp_path: Path, request: pytest.FixtureRequest, site_store: str) -> None:
    db_path, _roles = await asyncio.to_thread(fresh_store, request, site_store, tmp_path)
    tokens = await asyncio.to_thread(provision, db_path, {OPERATOR: Role.OPERATOR})
    seeding = store_backend(db_path)
    await seeding.open()
    try:
        await seed_basic(seeding)
    finally:
        await seeding.close()
    server = await asyncio.to_thread(ServerProcess(db_path, log_dir=tmp_path).start)
    restarted: ServerProcess | None = None
    console = HttpBackend(server.url, token=tokens[OPERATOR], timeout=3.0)
    await console.open()
    try:
        app = make_app(console, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot)
            await pilot.press("f5")
            await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
            await pilot.press("f9")
            await wait_for(pilot, lambda: isinstance(app.focused, Input)
                           and app.focused.id == "subject", what="the ticket's subject")
            await pilot.pause(0.2)
            subject = app.focused
            assert isinstance(subject, Input)
            await pilot.press("ctrl+u", *"Router down since noon")

            await asyncio.to_thread(server.stop)
            await wait_for(pilot, lambda: "OFFLINE" in screen_text(app), timeout=30.0,
                           what="the offline line")
            banner = str(screen.query_one("#banner").render())
            assert banner.count("etrying") == 1, banner  # said once, not "retrying … retrying"
            await wait_for(pilot, lambda: "not up to date" in screen_text(app),
                           what="the queue marked stale")

            restarted = await asyncio.to_thread(ServerProcess(db_path, port=server.port,
                                                                    log_dir=tmp_path).start)
            loop = asyncio.get_running_loop()
            answering = loop.time()
            await wait_for(pilot, lambda: "OFFLINE" not in screen_text(app),
                           timeout=BACK_WITHIN, what="the offline line cleared")
            print(f"offline line cleared {loop.time() - answering:.2f} s after the server "
                  "answered")
            assert not screen.query_one("#banner").display
            await wait_for(pilot, lambda: "not up to date" not in screen_text(app),
                           what="the queue up to date")
            assert subject.value == "Router down since noon"  # no lost draft
            assert screen.call is not None
    finally:
        await console.close()
        for process in (server, restarted):
            if process is not None:
                await asyncio.to_thread(process.stop)
