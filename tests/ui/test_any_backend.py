"""One console workflow run against every backend of tests/backend_factories (the `backend`
fixture): answer the head of the queue, see the caller, wrap up, be available again."""

from __future__ import annotations

from pathlib import Path

from backends.calls.models import CallState
from backends.people.models import Presence
from backends.protocol import Backend
from screens.calls.wrapup_dialog import WrapUpDialog
from tests.ui.helpers import OPERATOR, make_app, queue_ids, seed_basic, started, wait_for


async def test_answer_and_wrap_up_on_every_backend(backend: Backend, tmp_path: Path) -> None:
    people = await seed_basic(backend)
    app = make_app(backend, tmp_path)
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
        assert (await backend.calls.get_call(call_id)).state is CallState.DONE
        assert (await backend.people.get_operator(OPERATOR)).presence is Presence.AVAILABLE
        assert len(queue_ids(screen)) == 2
