"""The console, unchanged, over HTTP with an *operator's* token (not an admin's): answer the
head of the queue, see the caller, wrap up, be available again. Real server on 127.0.0.1, real
store (SQLite and PostgreSQL), Textual's pilot. (What an operator may not do is in
test_roles.py.)"""

from __future__ import annotations

import asyncio
from pathlib import Path

from backends.calls.models import CallState
from backends.http import HttpBackend
from backends.people.models import Presence, Role
from screens.calls.wrapup_dialog import WrapUpDialog
from tests.http.conftest import Site
from tests.ui.helpers import OPERATOR, make_app, queue_ids, seed_basic, started, wait_for


async def test_operator_works_a_call_over_http(site: Site, admin: HttpBackend,
                                               tmp_path: Path) -> None:
    people = await seed_basic(admin)
    token = (await asyncio.to_thread(site.provision, {OPERATOR: Role.OPERATOR}))[OPERATOR]
    console_backend = HttpBackend(site.url, token=token)
    await console_backend.open()
    try:
        app = make_app(console_backend, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot)
            await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")
            await pilot.press("f5")
            await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
            call_id = screen.call.id
            assert screen.customer.id == people["luca"].id
            await pilot.press("f8")
            await wait_for(pilot, lambda: isinstance(app.screen, WrapUpDialog), what="wrap-up")
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen.call is None, what="call closed")
    finally:
        await console_backend.close()
    done = await admin.calls.get_call(call_id)
    assert done.state is CallState.DONE and done.operator == OPERATOR
    assert (await admin.people.get_operator(OPERATOR)).presence is Presence.AVAILABLE
