"""Issue 16, item 5: the call bar shows the caller's language when it differs from the
operator's (so the operator answers in it), and says nothing when they speak the same."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from backends import i18n
from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from console.language import activate_language
from tests.ui.helpers import make_app, sqlite_backend, started, wait_for


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.mark.parametrize(("operator", "badge"), [("hu", True), ("it", False), ("en", True)])
async def test_the_call_bar_shows_the_caller_s_language(tmp_path: Path, operator: str,
                                                        badge: bool) -> None:
    backend = sqlite_backend(tmp_path / "lang.db")
    await backend.open()
    try:
        customer = await backend.customers.create_customer(CustomerDraft(
            name="Giulia Ferri", phones=["+39 06 4123 4567"]))
        assert customer.language == "it"  # from the number's country
        await backend.calls.create_call(CallDraft(caller="+390641234567"))
        activate_language(operator)
        app = make_app(backend, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot)
            await pilot.press("f5")
            await wait_for(pilot, lambda: screen.desk.customer is not None, what="caller")
            await pilot.pause(0.2)
            bar = str(screen.query_one("#status").render())
        assert "Giulia Ferri" in bar
        assert (" IT " in bar) is badge, bar
    finally:
        i18n.activate("en", None)
        await backend.close()
