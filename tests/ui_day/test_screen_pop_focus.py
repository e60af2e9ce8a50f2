"""Issue 15 item 3: answering shows the caller's record whatever had the focus, the lookup
included (F3, type, F5 used to leave the old search in front)."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.customers.customer_form import CustomerForm
from tests.ui.helpers import make_app, queue_ids, screen_text, seed_basic, started, wait_for

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_answer_from_the_lookup_pops_the_caller(store, tmp_path: Path,
                                                      size: tuple[int, int]) -> None:
    people = await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="3 waiting calls")
        await pilot.press("f3", *"anna")
        await wait_for(pilot, lambda: "Anna Verdi" in screen_text(app), what="search result")
        await pilot.press("f5")  # answer with the lookup focused
        await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
        assert screen.customer.id == people["luca"].id
        await wait_for(pilot, lambda: screen.work_area._left == "customer",
                       what="the caller's record in front")
        await wait_for(pilot, lambda: "Luca Bianchi" in screen_text(app), what="360 view")


async def test_answer_from_the_lookup_pops_the_new_customer_form(store, tmp_path: Path) -> None:
    from backends.calls.inputs import CallDraft

    app = make_app(store, tmp_path)
    await store.calls.create_call(CallDraft(caller="+36 1 234 5678"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 1, what="1 waiting call")
        await pilot.press("f3", *"xyz")
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm),
                       what="new-customer form")
        await pilot.press(*"Zsofia Kiss")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.customer is not None, what="customer created")
        await wait_for(pilot, lambda: screen.work_area._left == "customer",
                       what="the new record in front")
        await wait_for(pilot, lambda: "Zsofia Kiss" in screen_text(app), what="360 view")
