"""Lookup by any phone format, hostile data shown literally, live updates from another console,
keymap and command palette, the offline banner; all on real SQLite files."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.people.models import Presence
from screens import keymap
from screens.commands import ConsoleCommands
from screens.common import keys
from screens.help_screen import HelpScreen
from screens.main_screen import MainScreen
from tests.ui.helpers import (
    HOSTILE_NAMES,
    NOW,
    make_app,
    queue_ids,
    screen_text,
    seed_basic,
    shows,
    sqlite_backend,
    started,
    wait_for,
)

LOOKUPS = ["+39 06 1234 5678", "06 1234 5678", "0039 06 12345678", "Rossi",
           "maria.rossi@example.it", "C0000001"]


async def test_lookup_finds_the_customer_by_any_format(store, tmp_path: Path) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        lookup = screen.query_one("#lookup")
        box = lookup.query_one(Input)
        for typed in LOOKUPS:
            await pilot.press("f3")
            box.value = ""
            await wait_for(pilot, lambda: lookup.results == [], what="cleared")
            await pilot.press(*typed)
            await wait_for(pilot, lambda: [c.id for c in lookup.results] == [people["maria"].id],
                           what=f"lookup of {typed!r}")
        await pilot.press("enter")  # a single result opens at once
        await wait_for(pilot, lambda: screen.customer is not None, what="360 view")
        assert screen.customer.id == people["maria"].id
        await wait_for(pilot, lambda: "Rossi Serramenti" in screen_text(app), what="drawn")


async def test_hostile_names_are_shown_literally(store, tmp_path: Path) -> None:
    for index, name in enumerate(HOSTILE_NAMES):
        number = f"+3906555000{index}"
        await store.customers.create_customer(CustomerDraft(name=name, phones=[number],
                                                            notes="[@click=app.quit]\x1b]52;c;ZXZpbA==\x07"))
        await store.calls.create_call(CallDraft(caller=number, arrived_at=NOW))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")
        await shows(pilot, *HOSTILE_NAMES)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        await wait_for(pilot, lambda: "␛]52;c;ZXZpbA==␇" in screen_text(app),
                       what="notes with visible control characters")
        await pilot.click("#queue")  # clicking the text must not trigger any action
        await pilot.pause(0.1)
        assert app.is_running
        await shows(pilot, screen.customer.name)


async def test_a_call_claimed_by_another_console_leaves_the_queue(store, tmp_path: Path) -> None:
    await seed_basic(store)
    other = sqlite_backend(tmp_path / "console.db")  # a colleague's console on the same file
    await other.open()
    try:
        app = make_app(store, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot)
            await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")
            taken = await other.calls.claim_call(None, "bruno")
            await wait_for(pilot, lambda: taken.id not in queue_ids(screen), timeout=5.0,
                           what="claimed call gone without a key press")
            new = await other.calls.create_call(CallDraft(caller="+390233344455", arrived_at=NOW))
            await wait_for(pilot, lambda: new.id in queue_ids(screen), timeout=5.0,
                           what="new call shown")
            await shows(pilot, "Queue (3)")
    finally:
        await other.close()


async def test_remapped_key_answers(store, tmp_path: Path) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path, keymap={"answer_next": "ctrl+a", "no_such_action": "x"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")
        assert any("no_such_action" in n.message for n in app._notifications)
        await pilot.press("f5")  # the default key no longer answers
        await pilot.pause(0.3)
        assert screen.call is None
        await pilot.press("ctrl+a")
        await wait_for(pilot, lambda: screen.call is not None, what="answered with ctrl+a")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        await shows(pilot, "ctrl+a")


async def test_help_and_palette_list_every_action(store, tmp_path: Path) -> None:
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        for spec in keys.MAIN_KEYS:
            assert hasattr(MainScreen, f"action_{spec.action}"), spec.id
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        table = app.screen.query_one("DataTable")
        listed = {row.value for row in table.rows}
        assert {spec.id for spec in keys.ALL_KEYS} <= listed
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="help closed")

        provider = ConsoleCommands(screen)
        found = [hit async for hit in provider.discover()]
        assert {hit.help for hit in found} == set(keymap.every_key()) - {"command_palette"}

        await pilot.press("ctrl+p")  # run "pause" from the palette
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="palette")
        await pilot.press(*"pause with")
        hits = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: hits.option_count > 0
                       and hits.highlighted is not None, what="palette hits")
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PauseDialog",
                       what="pause dialog from the palette")


async def test_offline_banner_and_no_crash_when_the_store_goes_away(tmp_path: Path) -> None:
    backend = sqlite_backend(tmp_path / "console.db")
    await backend.open()
    await seed_basic(backend)
    app = make_app(backend, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await backend.close()  # the store is gone under the running console
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.query_one("#banner").display, what="banner")
        await shows(pilot, "OFFLINE")
        assert app.is_running
        assert screen.operator.presence is Presence.AVAILABLE


async def test_warm_transfer_offer_pops_up_and_accepting_takes_the_call(
        store, tmp_path: Path) -> None:
    from backends.transfers.inputs import TransferDraft
    from backends.transfers.models import TransferKind
    from screens.transfers.transfer_offer import TransferOfferDialog

    people = await seed_basic(store)
    other = sqlite_backend(tmp_path / "console.db")  # a colleague's console
    await other.open()
    try:
        app = make_app(store, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await started(pilot)
            call = await other.calls.claim_call(None, "bruno")
            await other.transfers.create_transfer(TransferDraft(
                call_id=call.id, from_operator="bruno", target="anna",
                kind=TransferKind.WARM, note="wants a refund"))
            await wait_for(pilot, lambda: isinstance(app.screen, TransferOfferDialog),
                           timeout=5.0, what="offer dialog without a key press")
            await pilot.press("a")
            await wait_for(pilot, lambda: screen.call is not None, what="call taken over")
            assert screen.call.customer_id == people["luca"].id
            await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
            assert screen.operator.presence is Presence.ON_CALL
    finally:
        await other.close()


async def test_a_store_that_cannot_open_shows_offline_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    backend = sqlite_backend(blocker / "console.db")
    app = make_app(backend, tmp_path, opened=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "OFFLINE" in screen_text(app), what="offline banner")
        screen = app.screen
        assert not screen.ready
        assert screen.check_action("answer_next", ()) is False
        await pilot.press("f5", "f2", "f8")  # nothing to do, nothing breaks
        await pilot.pause(0.2)
        assert app.is_running
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1  # told once, then retried quietly


async def test_question_mark_opens_help_and_the_mouse_switches_panes(store, tmp_path: Path
                                                                     ) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")
        await pilot.press("question_mark")  # the queue has the focus, not a text field
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="help closed")
        await pilot.click("#panes Tab#--content-tab-pane-ticket")
        await wait_for(pilot, lambda: screen.query_one("#panes").active == "pane-ticket",
                       what="ticket pane by mouse")
        second = queue_ids(screen)[1]
        await pilot.click("#queue DataTable", offset=(10, 2))  # the second waiting call
        await pilot.click("#queue DataTable", offset=(10, 2))  # a second click answers it
        await wait_for(pilot, lambda: screen.call is not None, what="answered by mouse")
        assert screen.call.id == second


async def test_a_lookup_shows_one_screenful_and_says_when_there_is_more(store, tmp_path: Path
                                                                         ) -> None:
    from screens.customers.customer_lookup import RESULTS_SHOWN

    await store.bulk_load("customers", [
        *({"name": f"Bianca Verdi{n:02d}"} for n in range(RESULTS_SHOWN + 5)),
        *({"name": f"Carla Neri{n:02d}"} for n in range(RESULTS_SHOWN))])  # exactly a screenful
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        lookup = screen.query_one("#lookup")
        box = lookup.query_one(Input)
        await pilot.press("f3", *"verdi")
        await wait_for(pilot, lambda: len(lookup.results) == RESULTS_SHOWN, what="a screenful")
        await wait_for(pilot, lambda: "type more to narrow" in screen_text(app), what="hint")
        await pilot.press(*"2")  # "verdi2" leaves Verdi20 to Verdi24
        await wait_for(pilot, lambda: len(lookup.results) == 5, what="narrowed")
        assert "type more" not in screen_text(app)
        box.value = ""
        await pilot.press(*"neri")
        await wait_for(pilot, lambda: f"{RESULTS_SHOWN} found" in screen_text(app),
                       what="all of them, counted")
        assert len(lookup.results) == RESULTS_SHOWN and "type more" not in screen_text(app)
