"""The simulator's outbound far end: a contact's phone answered most of the time, otherwise
no answer, busy or voicemail; now and then someone hangs up part way through the script, so a
demo campaign runs by itself (screens/campaigns/far_end.py; README "Outbound workspace")."""

from __future__ import annotations

import asyncio
import random

from backends.campaigns.models import Contact
from screens.campaigns.far_end import Pickup, Ring

# (what happens, weight): most people answer
CHANCES = [(Pickup.ANSWERED, 60), (Pickup.NO_ANSWER, 20), (Pickup.BUSY, 10),
           (Pickup.VOICEMAIL, 10)]
HANG_UP_SHARE = 0.15  # of answered calls, hung up during the script


class SimulatedFarEnd:
    def __init__(self, seed: int | None = None, ring_seconds: float = 1.5) -> None:
        self.random = random.Random(seed)
        self.ring_seconds = ring_seconds

    async def ring(self, contact: Contact) -> Ring:
        await asyncio.sleep(self.ring_seconds)
        pickup = self.random.choices([c for c, _w in CHANCES], [w for _c, w in CHANCES])[0]
        if pickup is Pickup.ANSWERED and self.random.random() < HANG_UP_SHARE:
            return Ring(pickup, hangs_up_after=self.random.randint(1, 3))
        return Ring(pickup)
