"""The campaigns domain's rules: what an outcome does to a contact (attempts, retry, done),
and the order contacts are offered in. See docs/ARCHITECTURE.md.

Order of the next contact: callbacks that are due first (earliest first), then higher
priority, then fewer attempts, then the oldest contact; a contact waiting for its retry delay
(`due_at` in the future) is not offered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backends.campaigns.models import Campaign, Contact, ContactState, Outcome
from backends.i18n import N_
from backends.people.models import Presence

BLOCKED = "dnc_blocked"  # last_outcome of a contact closed because its number is on a list
FIRST_BATCH = 4  # contacts read first looking for one callable now
SCAN_BATCH = 100  # contacts read at a time after that
MAX_SCAN = 5_000  # contacts one next_contact looks at, at most


ABANDON_LIMIT = 0.03  # abandoned ÷ live calls per campaign per 24 h (UK regulator; DESIGN.md)
PACING_WINDOW = timedelta(hours=24)


def abandon_share(live: int, abandoned: int) -> float:
    return abandoned / live if live else 0.0


def may_dial_ahead(live: int, abandoned: int) -> bool:
    """The pacing guard of progressive dialling: a call placed before an operator is free may
    be answered while none is (abandoned); it is placed only when, even so, abandoned calls
    stay at or under ABANDON_LIMIT of live calls over the window."""
    return (abandoned + 1) <= ABANDON_LIMIT * (live + 1)


@dataclass(frozen=True)
class AfterOutcome:
    state: ContactState
    attempts: int
    due_at: datetime | None
    callback_at: datetime | None


def outcome_of(campaign: Campaign, code: str) -> Outcome | None:
    return next((o for o in campaign.outcomes if o.code == code), None)


def apply_outcome(contact: Contact, outcome: Outcome, now: datetime,
                  callback_at: datetime | None) -> AfterOutcome:
    """The contact after an attempt ended with `outcome` at `now`."""
    attempts = contact.attempts + 1
    if outcome.final or outcome.conversion or outcome.dnc or outcome.unworkable:
        return AfterOutcome(ContactState.DONE, attempts, None, None)
    if outcome.callback and callback_at is not None:
        return AfterOutcome(ContactState.OPEN, attempts, callback_at, callback_at)
    if outcome.retry_minutes is None or attempts >= outcome.max_attempts:
        return AfterOutcome(ContactState.DONE, attempts, None, None)
    return AfterOutcome(ContactState.OPEN, attempts,
                        now + timedelta(minutes=outcome.retry_minutes), None)


# an operator whose presence is one of these is working on the contact (its call or its
# wrap-up): the lease does not run out under them
WORKING = frozenset({Presence.ON_CALL.value, Presence.WRAP_UP.value})


@dataclass(frozen=True)
class HeldClaim:
    """A contact an operator holds, with what the store knows of that operator (presence and
    since when; None for a name the directory of operators does not have)."""
    contact_id: int
    operator: str
    claimed_at: datetime | None
    presence: str | None
    presence_since: datetime | None
    calling: bool = False  # the operator has a call in progress (active, held, wrap-up)


def claim_lapsed(claim: HeldClaim, now: datetime, lease: timedelta) -> bool:
    """Whether a claimed contact goes back to the others at `now`: its operator signed out
    since claiming it (presence offline, set after the claim), or the claim (or the last call
    placed to it) is older than the lease while the operator is not on a call or wrapping one
    up (by presence, or by a call of theirs in progress: an operator the directory does not
    have has no presence). An operator who was offline already when claiming (a console that
    never signs in) keeps it for the lease. A claim with no time lapses at once."""
    if claim.claimed_at is None:
        return True
    if (claim.presence == Presence.OFFLINE.value and claim.presence_since is not None
            and claim.presence_since >= claim.claimed_at):
        return True
    working = claim.presence in WORKING or claim.calling
    return not working and now - claim.claimed_at >= lease


def default_outcomes() -> list[Outcome]:
    """The outcome set a campaign gets when none is given: "no answer" comes back in 2 hours
    three times, "busy" in 10 minutes, "sale" and "do not call" never."""
    return [
        Outcome(code="sale", label=N_("Sale / converted"), contact=True, conversion=True,
                final=True),
        Outcome(code="not_interested", label=N_("Not interested"), contact=True, final=True),
        Outcome(code="callback", label=N_("Call back"), contact=True, callback=True,
                retry_minutes=24 * 60, max_attempts=5),
        Outcome(code="no_answer", label=N_("No answer"), retry_minutes=120, max_attempts=3),
        Outcome(code="busy", label=N_("Busy"), retry_minutes=10, max_attempts=5),
        Outcome(code="voicemail", label=N_("Voicemail"), retry_minutes=240, max_attempts=3),
        Outcome(code="dnc", label=N_("Do not call me again"), contact=True, dnc=True, final=True),
        Outcome(code="wrong_number", label=N_("Wrong number"), unworkable=True, final=True),
    ]
