"""The supervisor's campaign view as its own Textual application: `centralino campaign
board` on the configured store, and `centralino demo --as supervisor` with a demo campaign
dialled progressively by the simulator (console/sim_pacing.py) so its progress and abandoned
share move. Thin: wiring, not logic (docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

import asyncio
from typing import Any

from backends.campaigns.api import CAMPAIGNS, Campaigns
from backends.campaigns.inputs import CampaignDraft, ContactDraft
from backends.campaigns.models import DialMode, Purpose
from backends.campaigns.rules import default_outcomes
from backends.errors import BackendError, NotFound
from backends.people.models import Operator, Role
from backends.protocol import Backend
from console.common import apply_settings, backend_for, fail
from console.lab_app import LabApp
from console.settings import Settings
from console.sim_pacing import PacingConfig, ProgressiveDialler

SUPERVISOR = "supervisor"  # the demo's login (console/demo_roles.py)
DEMO_CAMPAIGN = "Winter offer (demo)"
DEMO_CONTACTS = 400
# a demo pace a person can follow: rings of seconds, conversations of tens of seconds
DEMO_PACE = PacingConfig(operators=3, answer_rate=0.6, ring_s=(2.0, 6.0), talk_s=(8.0, 25.0))


class CampaignsApp(LabApp):
    TITLE = "Centralino campaigns"


def run_board(settings: Settings, background: list[Any] | None = None) -> None:
    from screens.campaigns.supervisor_screen import CampaignsScreen

    CampaignsApp(backend_for(settings), lambda b: CampaignsScreen(b.domain(CAMPAIGNS)),
                 background=background or []).run()


async def demo_campaign(campaigns: Campaigns) -> int:
    """The demo's progressive campaign (made with its contacts on first use); its id. The
    contacts are business numbers and the hours the whole day, so it runs at any hour."""
    for found in await campaigns.list_campaigns():
        if found.name == DEMO_CAMPAIGN:
            return found.id
    from datetime import time

    made = await campaigns.create_campaign(CampaignDraft(
        name=DEMO_CAMPAIGN, purpose=Purpose.TELESELLING, dial_mode=DialMode.PROGRESSIVE,
        outcomes=default_outcomes(), hours_start=time(0),
        hours_end=time(23, 59, 59, 999999), weekdays=list(range(7)), business_override=True))
    await campaigns.add_contacts(made.id, [
        ContactDraft(phone=f"+3906{20_000_000 + n}", name=f"Demo {n}", business=True)
        for n in range(DEMO_CONTACTS)])
    return made.id


async def ensure_supervisor(backend: Backend) -> None:
    """The demo's supervisor in the directory, with the role that manages campaigns."""
    try:
        await backend.people.get_operator(SUPERVISOR)
    except NotFound:
        await backend.people.upsert_operator(Operator(
            name=SUPERVISOR, display_name=SUPERVISOR.title(), role=Role.SUPERVISOR))


async def _dial_forever(backend: Backend) -> None:
    campaigns = backend.domain(CAMPAIGNS)
    campaign_id = await demo_campaign(campaigns)
    while True:  # until the contacts run out; the app stops it when it quits
        stats = await ProgressiveDialler(campaigns, campaign_id, DEMO_PACE).run(50)
        if stats.dialled == 0:
            return


def supervisor(flags: dict[str, Any], _background: list[Any]) -> None:
    """`centralino demo --as supervisor` (console/demo_roles.py)."""
    settings = apply_settings(flags)

    async def prepare() -> None:
        backend = backend_for(settings)
        await backend.open()
        try:
            await ensure_supervisor(backend)
            await demo_campaign(backend.domain(CAMPAIGNS))
        finally:
            await backend.close()

    try:
        asyncio.run(prepare())
    except BackendError as exc:
        fail(exc)
    run_board(settings, [_dial_forever])
