"""`centralino demo --as supervisor`: the role is registered (one line in
console/demo_roles.py), its demo campaign is made once on a real SQLite file, and the
simulator's progressive dialler moves its progress and live calls, which the supervisor's
view shows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from backends.campaigns.api import CAMPAIGNS
from backends.domain_registry import load
from backends.people.models import Role
from backends.sqlite import SqliteBackend
from console import campaigns_app, demo_roles
from console.sim_pacing import ProgressiveDialler


def test_the_supervisor_role_is_registered() -> None:
    role = demo_roles.roles()["supervisor"]
    assert role.operator == "supervisor" and callable(load(role.launch))


async def test_the_demo_campaign_is_made_once_and_dialled(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "demo.db") as store:
        await campaigns_app.ensure_supervisor(store)
        await campaigns_app.ensure_supervisor(store)  # once
        assert (await store.people.get_operator("supervisor")).role is Role.SUPERVISOR
        campaigns = store.domain(CAMPAIGNS)
        first = await campaigns_app.demo_campaign(campaigns)
        assert await campaigns_app.demo_campaign(campaigns) == first
        assert (await campaigns.progress(first)).contacts == campaigns_app.DEMO_CONTACTS
        quick = replace(campaigns_app.DEMO_PACE, ring_s=(0.001, 0.005), talk_s=(0.005, 0.01))
        stats = await ProgressiveDialler(campaigns, first, quick, seed=1).run(20)
        progress = await campaigns.progress(first)
        assert stats.dialled == progress.attempted == 20
        assert progress.live_24h == stats.live > 0
