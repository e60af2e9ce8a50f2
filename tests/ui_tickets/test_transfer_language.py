"""Issue 16: department names in the operator's language in the transfer panel. A Hungarian
operator reads "Értékesítés" for the Sales department, finds it by either name, and the
transfer still routes by the stored name ("Sales") into its queue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from backends import i18n
from backends.calls.models import CallState
from backends.protocol import Backend
from backends.transfers.models import TransferKind
from console.language import activate_language
from tests.ui_tickets.harness import PanelApp, seed_call, seed_directory, until


@pytest.fixture(autouse=True)
def hungarian() -> Iterator[None]:
    activate_language("hu")
    yield
    i18n.activate("en", None)


def _shown(app: PanelApp) -> list[str]:
    option_list = app.query_one("#transfer-directory", OptionList)
    return [str(option_list.get_option_at_index(i).prompt)
            for i in range(option_list.option_count)]


async def test_a_department_typed_in_the_operator_s_language_is_found_and_routes_by_key(
        store: Backend, tmp_path: Path) -> None:
    await seed_directory(store)
    call, _customer = await seed_call(store)
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.set_call(call, None)
        await until(pilot, lambda: len(_shown(app)) == 6, "directory listed")
        assert any("Értékesítés · osztály" in line for line in _shown(app))
        assert not any("Sales" in line for line in _shown(app))  # nowhere in English
        panel.query_one("#transfer-filter", Input).value = "értékes"
        await until(pilot, lambda: panel.shown_query == "értékes", "filtered")
        shown = _shown(app)
        assert "Értékesítés · osztály" in shown[0]
        assert any("Luca Bianchi" in line and "Értékesítés" in line for line in shown)
        panel.query_one("#transfer-filter", Input).value = "sales"  # the stored name too
        await until(pilot, lambda: panel.shown_query == "sales", "filtered by key")
        assert "Értékesítés · osztály" in _shown(app)[0]
        panel.query_one("#transfer-filter", Input).value = "értékes"
        await until(pilot, lambda: panel.shown_query == "értékes", "filtered again")
        panel.focus_filter()
        await pilot.press("enter")
        await until(pilot, lambda: app.messages, "transferred")
        assert "Értékesítés" in str(app.query_one("#transfer-status").render())
    transfer = app.messages[-1].transfer
    assert (transfer.kind, transfer.target) == (TransferKind.BLIND, "Sales")
    waiting = await store.calls.list_calls(states=[CallState.WAITING])
    assert [c.queue for c in waiting] == ["Sales"]


async def test_a_queue_is_shown_by_its_name_in_the_operator_s_language(
        store: Backend, tmp_path: Path) -> None:
    """Queues are directory entries named by id ("sales"); the panel shows their display name
    (data/queues.json) in the operator's language, and the transfer still goes to the id."""
    from backends.people.models import DirectoryEntry, DirectoryKind
    from console.queues import display_names
    from screens.common import render

    render.name_queues(display_names())
    await store.people.upsert_directory_entry(DirectoryEntry(name="sales",
                                                             kind=DirectoryKind.QUEUE))
    call, _customer = await seed_call(store)
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        app.panel.set_call(call, None)
        await until(pilot, lambda: len(_shown(app)) == 1, "directory listed")
        assert "Értékesítés" in _shown(app)[0]
        assert "sales" not in _shown(app)[0]
        app.panel.query_one("#transfer-filter", Input).value = "értékes"
        await until(pilot, lambda: app.panel.shown_query == "értékes", "filtered")
        assert len(_shown(app)) == 1
        app.panel.focus_filter()
        await pilot.press("enter")
        await until(pilot, lambda: app.messages, "transferred")
    assert app.messages[-1].transfer.target == "sales"
