"""`centralino demo --as outbound`: registered, and its data: the outbound operator, two
campaigns (a survey in progressive mode, a teleselling offer in preview) with contacts from the
four countries, made once; the workspace app opens on them with the shipped scripts, F3 moves
between the campaigns, at 80x24 and 120x40 (README, "Outbound workspace")."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from backends.campaigns.api import CAMPAIGNS
from backends.protocol import Backend
from console import demo_roles
from console.demo_outbound import ensure_outbound_demo
from console.outbound_app import OutboundApp
from screens.campaigns.outbound_screen import OutboundScreen
from tests.ui_outbound.conftest import PlayedFarEnd


def test_the_outbound_role_is_registered() -> None:
    role = demo_roles.roles()["outbound"]
    assert (role.operator, role.launch) == ("outbound", "console.outbound_app:launch")


async def test_the_demo_campaigns_are_made_once_with_four_countries(store: Backend) -> None:
    await ensure_outbound_demo(store)
    await ensure_outbound_demo(store)  # a second start keeps them
    campaigns = await store.domain(CAMPAIGNS).list_campaigns()
    assert [(c.name, c.dial_mode.value) for c in campaigns] == [
        ("Fibre offer", "preview"), ("Satisfaction survey", "progressive")]
    operator = await store.people.get_operator("outbound")
    assert operator.display_name == "Olga Outbound"
    for campaign in campaigns:
        progress = await store.domain(CAMPAIGNS).progress(campaign.id)
        assert progress.contacts >= 6


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_workspace_opens_on_the_demo_campaigns(store: Backend, tmp_path: Path,
                                                         size: tuple[int, int]) -> None:
    await ensure_outbound_demo(store)
    app = OutboundApp(store, "outbound", drafts_dir=tmp_path, open_backend=False,
                      close_backend=False)
    app.far_end = PlayedFarEnd()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OutboundScreen) and screen.ready
        head = str(screen.query_one("#ob-head", Static).render())
        assert "Fibre offer" in head and "preview" in head
        await pilot.press("f5")
        await pilot.pause()
        contact = str(screen.query_one("#ob-contact", Static).render())
        assert "Luca Romano" in contact and "offer: Fibra 1000" in contact
        assert "F6 dials" in str(screen.query_one("#ob-script", Static).render())
        region = screen.query_one("#ob-script").region
        assert region.height >= 5 and region.bottom <= size[1] - 2  # status and footer
        assert screen.query_one("#ob-status").region.bottom <= size[1] - 1


async def test_quitting_with_a_contact_in_hand_asks_first(store: Backend,
                                                         tmp_path: Path) -> None:
    await ensure_outbound_demo(store)
    app = OutboundApp(store, "outbound", drafts_dir=tmp_path, open_backend=False,
                      close_backend=False)
    app.far_end = PlayedFarEnd()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await app.action_quit()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OutboundScreen)
        assert "wrap up first" in str(screen.query_one("#ob-status", Static).render())
        await app.action_quit()
        await pilot.pause()
        assert not app.is_running
