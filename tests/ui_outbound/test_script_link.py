"""A campaign keeps its script when renamed (issue 17): the workspace matches a campaign to
the script naming it, records that as the campaign's link (by id), and after a rename opens
the campaign with the same script; a script naming a campaign that does not exist is said on
the status line with how to link it."""

from __future__ import annotations

from textual.widgets import Static

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignChanges
from backends.campaigns.models import DialMode
from backends.protocol import Backend
from backends.scripts.api import SCRIPTS
from screens.campaigns.outbound_screen import OutboundScreen
from tests.ui_lab.harness import wait_for
from tests.ui_outbound.conftest import OutboundTestApp, campaign, fibre_contact, scripts


def status(screen: OutboundScreen) -> str:
    return str(screen.query_one("#ob-status", Static).render())


async def test_a_renamed_campaign_keeps_its_script(store: Backend) -> None:
    made = await campaign(store, "Fibre offer", DialMode.PREVIEW,
                          [fibre_contact("+390612345671", "Ada Rossi")])
    first = OutboundScreen(store, "anna", scripts())
    async with OutboundTestApp(first).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: first.ready, "the workspace")
        assert first.desk.script is not None and first.desk.script.id == "fibre-offer"
        # the survey's script names a campaign this store does not have
        assert "script 'satisfaction-survey' names campaign 'Satisfaction survey', which " \
               "does not exist" in status(first)
    links = await store.domain(SCRIPTS).list_links()
    assert [(k.campaign_id, k.script_id) for k in links] == [(made.id, "fibre-offer")]
    await store.domain(CAMPAIGNS).update_campaign(made.id, CampaignChanges(
        name="Fibre offer, winter"))
    again = OutboundScreen(store, "anna", scripts())
    async with OutboundTestApp(again).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: again.ready, "the workspace")
        assert again.desk.campaign.name == "Fibre offer, winter"
        assert again.desk.script is not None and again.desk.script.id == "fibre-offer"
        assert "fibre-offer" not in status(again)
