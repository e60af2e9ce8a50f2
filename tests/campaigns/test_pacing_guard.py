"""The pacing guard (issue 17 item 9): the simulator's progressive dialling keeps abandoned
calls (answered while no operator is free) at or under 3 % of live calls, measured by the
store; without the guard the same dialling abandons more. Real SQLite file, real timers
(rings and talks of a few ms; only counts are asserted)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import cast

from backends.campaigns.api import CAMPAIGNS, Campaigns
from backends.campaigns.inputs import CampaignDraft, ContactDraft
from backends.campaigns.models import DialMode
from backends.campaigns.rules import ABANDON_LIMIT, default_outcomes, may_dial_ahead
from backends.sqlite import SqliteBackend
from console.sim_pacing import PacingConfig, ProgressiveDialler
from tests.conformance.test_campaigns import ALL_DAY

CALLS = 150


async def _dial(path: Path, guard: bool) -> tuple[float, float, int]:
    async with SqliteBackend(path) as backend:
        campaigns = backend.domain(CAMPAIGNS)
        campaign = await campaigns.create_campaign(CampaignDraft(
            name="pacing", dial_mode=DialMode.PROGRESSIVE, outcomes=default_outcomes(),
            **ALL_DAY))
        await campaigns.add_contacts(campaign.id, [
            ContactDraft(phone=f"+3906{10000000 + n}", business=True) for n in range(CALLS)])
        dialler = ProgressiveDialler(campaigns, campaign.id, PacingConfig(
            operators=2, answer_rate=0.9, guard=guard), seed=3)
        stats = await dialler.run(CALLS)
        progress = await campaigns.progress(campaign.id)
        assert (progress.live_24h, progress.abandoned_24h) == (stats.live, stats.abandoned)
        return progress.abandon_share, stats.share, stats.ahead


async def test_the_guard_keeps_abandoned_calls_within_the_limit(tmp_path: Path) -> None:
    share, simulated, _ahead = await _dial(tmp_path / "guarded.db", guard=True)
    assert share == simulated
    assert share <= ABANDON_LIMIT


async def test_without_the_guard_the_same_dialling_abandons_more(tmp_path: Path) -> None:
    share, _simulated, ahead = await _dial(tmp_path / "unguarded.db", guard=False)
    assert ahead > 0
    assert share > ABANDON_LIMIT


def test_dialling_ahead_is_allowed_only_while_one_more_abandon_stays_within_3_percent(
        ) -> None:
    assert not may_dial_ahead(0, 0)  # 1 of 1 would be 100 %
    assert not may_dial_ahead(32, 0)  # 1 of 33: 3.03 %
    assert may_dial_ahead(33, 0)  # 1 of 34: 2.94 %
    assert not may_dial_ahead(100, 3)  # 4 of 101
    assert not may_dial_ahead(132, 3)  # 4 of 133: 3.008 %
    assert may_dial_ahead(133, 3)  # 4 of 134: 2.985 %


class _SlowToCountAbandons:
    """The real SQLite campaigns, but an abandoned call takes 40 ms to be counted (a busy
    shared store): a guard that trusts an answer given before that count lands lets a second
    risky call out. Only the delay is added; every call goes to the real store."""

    def __init__(self, campaigns: object) -> None:
        self._campaigns = campaigns

    def __getattr__(self, name: str) -> object:
        return getattr(self._campaigns, name)

    async def record_live_call(self, campaign_id: int, abandoned: bool) -> object:
        if abandoned:
            await asyncio.sleep(0.04)
        return await self._campaigns.record_live_call(  # type: ignore[attr-defined]
            campaign_id, abandoned)


async def test_the_guard_waits_for_an_abandon_still_being_counted(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "slow.db") as backend:
        campaigns = backend.domain(CAMPAIGNS)
        campaign = await campaigns.create_campaign(CampaignDraft(
            name="slow", dial_mode=DialMode.PROGRESSIVE, outcomes=default_outcomes(),
            **ALL_DAY))
        await campaigns.add_contacts(campaign.id, [
            ContactDraft(phone=f"+3906{20000000 + n}", business=True) for n in range(CALLS)])
        slow = cast(Campaigns, _SlowToCountAbandons(campaigns))
        for seed in range(3):  # three dialling runs on one campaign, one 24 h window
            await ProgressiveDialler(slow, campaign.id, PacingConfig(
                operators=2, answer_rate=0.95, guard=True), seed=seed).run(CALLS // 3)
            progress = await campaigns.progress(campaign.id)
            assert progress.abandoned_24h > 0 or seed == 0
            assert progress.abandon_share <= ABANDON_LIMIT, (seed, progress.abandoned_24h,
                                                              progress.live_24h)
