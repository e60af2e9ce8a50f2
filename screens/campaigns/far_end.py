"""The other end of an outbound call, as the workspace needs it: what happened when the
contact's phone rang, and whether they hang up part way through the script. Without telephony
the console's simulator plays it (console/sim_outbound.py); a test plays it by hand."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from backends.campaigns.models import Contact


class Pickup(StrEnum):
    """What ringing the contact gave; each but ANSWERED is the attempt's outcome code."""

    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    VOICEMAIL = "voicemail"


@dataclass(frozen=True)
class Ring:
    pickup: Pickup
    hangs_up_after: int | None = None  # steps of the script before the contact hangs up


class FarEnd(Protocol):
    async def ring(self, contact: Contact) -> Ring: ...


class OperatorReports:
    """No telephony and no simulator: the phone is answered, and the operator records what
    happened with the outcome keys."""

    async def ring(self, contact: Contact) -> Ring:
        return Ring(Pickup.ANSWERED)
