"""The key counts promised for the whole console (helper-4's main screen with these widgets):
a blind transfer to a department is F10, two letters, Enter. Real SQLite file, no mocks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.customers.inputs import CustomerDraft
from backends.protocol import Backend
from console.app import CentralinoApp
from tests.ui_tickets.harness import seed_directory, until


def _main(app: CentralinoApp) -> Any:
    return next(s for s in app.screen_stack if type(s).__name__ == "MainScreen")


async def test_blind_transfer_to_a_department_in_f10_two_letters_enter(
        store: Backend, tmp_path: Path) -> None:
    await seed_directory(store)
    # a known caller: an unknown one opens the new-customer form first
    await store.customers.create_customer(
        CustomerDraft(name="Mario Rossi", phones=["+39 02 1234567"])
    )
    waiting = await store.calls.create_call(CallDraft(caller="+39021234567"))
    app = CentralinoApp(store, "anna", cursor_blink=False, open_backend=False,
                        close_backend=False, drafts_dir=tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: any(type(s).__name__ == "MainScreen"
                                       for s in app.screen_stack), "main screen")
        screen = _main(app)
        await until(pilot, lambda: screen.ready, "backend ready", steps=500)
        await pilot.press("f5")  # answer (not counted: the call must be live first)
        await until(pilot, lambda: screen.call is not None, "call answered")
        await pilot.press("f10", "s", "a", "enter")
        await until(pilot, lambda: screen.call is None or screen.call.state is
                    CallState.TRANSFERRED, "transferred", steps=500)
    assert (await store.calls.get_call(waiting.id)).state is CallState.TRANSFERRED
    queued = await store.calls.list_calls(states=[CallState.WAITING])
    assert [c.queue for c in queued] == ["Sales"]
