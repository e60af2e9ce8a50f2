"""The simulator's progressive dialling of one campaign, under the pacing guard.

Progressive: a contact is dialled for each free operator. To keep operators busy the dialler
may place one call more than there are free operators; when that call is answered while no
operator is free, it is abandoned (DESIGN.md: ≤ 3 % of live calls per campaign per 24 h).
It does so only while the store's progress says `may_dial_ahead`
(backends/campaigns/rules.py), asked afresh at that moment with every answered call already
recorded (a flag kept from an earlier answer could miss an abandon still being recorded and
let a second risky call out), so the share stays within the limit; `guard=False` always
dials ahead (what the guard prevents, for tests and demonstrations). The other end is played
here: answered or not after a ring, then a conversation of a random length.

It speaks only the `Campaigns` interface, so it runs on any backend.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

from backends.campaigns.api import Campaigns
from backends.campaigns.inputs import AttemptDraft
from backends.campaigns.models import Contact

DIALLER = "dialler"  # the name progressive contacts are claimed under


@dataclass(frozen=True)
class PacingConfig:
    operators: int = 3
    answer_rate: float = 0.6  # share of dialled contacts a person answers
    ring_s: tuple[float, float] = (0.005, 0.03)  # from dialling to answer or giving up
    talk_s: tuple[float, float] = (0.02, 0.08)
    guard: bool = True
    answered_outcome: str = "not_interested"
    unanswered_outcome: str = "no_answer"


@dataclass
class PacingStats:
    dialled: int = 0
    live: int = 0  # answered by a person
    abandoned: int = 0  # answered while no operator was free
    ahead: int = 0  # calls placed beyond the free operators

    @property
    def share(self) -> float:
        return self.abandoned / self.live if self.live else 0.0


class ProgressiveDialler:
    def __init__(self, campaigns: Campaigns, campaign_id: int,
                 config: PacingConfig | None = None, *, seed: int = 0) -> None:
        self.campaigns = campaigns
        self.campaign_id = campaign_id
        self.config = config or PacingConfig()
        self.stats = PacingStats()
        self._rng = random.Random(seed)
        self._free = self.config.operators
        self._ringing = 0
        self._changed = asyncio.Event()
        self._unrecorded = 0  # answered calls whose live call the store has not counted yet

    async def run(self, calls: int) -> PacingStats:
        """Dial `calls` contacts (fewer if the campaign runs out), wait for the last to end."""
        tasks: set[asyncio.Task[None]] = set()
        while self.stats.dialled < calls:
            ahead = self._ringing >= self._free
            if self._ringing > self._free:
                await self._wait_for_change()
                continue
            if ahead and self.config.guard:
                self._changed.clear()  # before asking: a change while we ask is not lost
                if not await self._may_dial_ahead():
                    await self._changed.wait()
                    continue
                if self._changed.is_set():  # calls moved while we asked: look again
                    continue
            contact = await self.campaigns.next_contact(self.campaign_id, DIALLER)
            if contact is None:
                break
            self.stats.dialled += 1
            self.stats.ahead += ahead
            self._ringing += 1
            task = asyncio.create_task(self._ring(contact))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        while tasks:
            await asyncio.gather(*tasks)
        return self.stats

    async def _wait_for_change(self) -> None:
        self._changed.clear()
        await self._changed.wait()

    async def _may_dial_ahead(self) -> bool:
        """Whether one more call may be placed beyond the free operators, by the store's
        count. While an answered call is still being recorded the count is not final: wait."""
        if self._unrecorded:
            return False
        return (await self.campaigns.progress(self.campaign_id)).may_dial_ahead

    async def _ring(self, contact: Contact) -> None:
        try:
            await asyncio.sleep(self._rng.uniform(*self.config.ring_s))
            self._ringing -= 1
            if self._rng.random() >= self.config.answer_rate:
                await self._outcome(contact, self.config.unanswered_outcome)
                return
            abandoned = self._free == 0
            self.stats.live += 1
            self.stats.abandoned += abandoned
            if not abandoned:
                self._free -= 1
            self._unrecorded += 1
            try:
                await self.campaigns.record_live_call(self.campaign_id, abandoned)
            finally:
                self._unrecorded -= 1
                self._changed.set()
            if abandoned:  # the person heard nobody: tried again later
                await self._outcome(contact, self.config.unanswered_outcome)
                return
            await asyncio.sleep(self._rng.uniform(*self.config.talk_s))
            self._free += 1
            await self._outcome(contact, self.config.answered_outcome)
        finally:
            self._changed.set()

    async def _outcome(self, contact: Contact, code: str) -> None:
        await self.campaigns.record_attempt(AttemptDraft(
            contact_id=contact.id, operator=DIALLER, outcome=code))
