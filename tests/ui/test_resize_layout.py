"""The main screen re-flows when the terminal crosses 120 columns: one switcher of four panes
below 120, two switchers side by side from 120, and back. Nothing the operator has on screen
is lost: the lookup's text and results, the queue's selected row, the ticket being written
(the very same widgets move, nothing is rebuilt). Real SQLite file, nothing mocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from tests.ui.helpers import (
    make_app,
    queue_ids,
    screen_text,
    seed_basic,
    started,
    wait_for,
)


def side_by_side(screen: Any) -> bool:
    left, right = screen.query_one("#panes"), screen.query_one("#panes-right")
    return (right.display and right.region.width > 0 and left.region.width > 0
            and left.region.right <= right.region.x and left.region.y == right.region.y)


def tab_bar_shows_all_four(app: Any) -> bool:
    """Compact: the one tab bar above the pane lists all four panes, on one line."""
    return any(all(tab in line for tab in ("Lookup F3", "Customer F4", "Ticket F9",
                                           "Transfer F10"))
               for line in screen_text(app).splitlines())


def shown(widget: Any) -> bool:
    """On screen now: displayed all the way up and given some room."""
    return widget.region.width > 0 and widget.region.height > 0 and all(
        node.display for node in (widget, *widget.ancestors_with_self))


async def test_resize_across_the_breakpoint_reflows_and_keeps_the_work(store, tmp_path: Path
                                                                        ) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="queue")
        assert screen.has_class("-compact") and not side_by_side(screen)
        queue = screen.query_one("#queue")
        await pilot.press("f12", "down")
        await wait_for(pilot, lambda: queue.selected_call_id() == queue_ids(screen)[1],
                       what="second row selected")
        selected = queue.selected_call_id()

        lookup = screen.query_one("#lookup")
        await pilot.press("f3", *"Rossi")
        await wait_for(pilot, lambda: len(lookup.results) == 1, what="lookup results")
        await pilot.press("down", "enter")  # open the customer found
        await wait_for(pilot, lambda: screen.customer is not None, what="customer shown")

        await pilot.press("f9")  # the editor is built on this first use (not in front before)
        await wait_for(pilot, lambda: bool(screen.query("#ticket")), what="editor built")
        editor = screen.query_one("#ticket")
        await wait_for(pilot, lambda: getattr(editor, "customer_id", None) is not None
                       and isinstance(app.focused, Input) and editor in app.focused.ancestors,
                       what="ticket editor, subject focused")
        await pilot.press(*"Half-written subject")
        await wait_for(pilot, lambda: editor.values()["subject"] == "Half-written subject",
                       what="typed")
        assert shown(editor) and not shown(lookup)
        assert tab_bar_shows_all_four(app)

        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: screen.has_class("-wide") and side_by_side(screen),
                       what="wide layout")
        assert screen.query_one("#ticket") is editor and screen.query_one("#lookup") is lookup
        assert editor.values()["subject"] == "Half-written subject"
        assert shown(editor)  # the ticket stays in view on the right
        assert lookup.query_one(Input).value == "Rossi" and len(lookup.results) == 1
        assert queue.selected_call_id() == selected
        assert app.focused is not None and editor in app.focused.ancestors

        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: screen.has_class("-compact") and not side_by_side(screen),
                       what="compact layout again")
        assert screen.query_one("#ticket") is editor
        assert shown(editor) and not shown(lookup)  # the pane being worked on stays in front
        assert screen.query_one("#panes").active == "pane-ticket"
        await wait_for(pilot, lambda: tab_bar_shows_all_four(app), what="one tab bar of four")
        assert editor.values()["subject"] == "Half-written subject"
        assert queue.selected_call_id() == selected

        await pilot.press("f3")  # the other panes are still reachable
        await wait_for(pilot, lambda: shown(lookup) and not shown(editor), what="lookup")
        assert lookup.query_one(Input).value == "Rossi"
        await pilot.press("f9")
        await wait_for(pilot, lambda: shown(editor), what="ticket again")
        assert editor.values()["subject"] == "Half-written subject"


async def test_starting_wide_then_narrowing_keeps_the_lookup_in_front(store, tmp_path: Path
                                                                       ) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        assert side_by_side(screen)
        lookup = screen.query_one("#lookup")
        await pilot.press("f3", *"Bianchi")
        await wait_for(pilot, lambda: len(lookup.results) == 1, what="lookup results")
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: screen.has_class("-compact") and not side_by_side(screen),
                       what="compact layout")
        assert shown(lookup) and not shown(screen.query_one("#work-ticket"))
        assert lookup.query_one(Input).value == "Bianchi" and len(lookup.results) == 1
        await pilot.click("#panes Tab#--content-tab-pane-transfer")  # the mouse works too
        await wait_for(pilot, lambda: shown(screen.query_one("#transfer")), what="transfer")
        assert screen.query_one("#panes").active == "pane-transfer" and not shown(lookup)
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: side_by_side(screen), what="wide again")
        assert shown(lookup) and shown(screen.query_one("#transfer"))
        assert screen.query_one("#panes").active == "pane-lookup"
