"""The campaigns domain's vocabulary: a campaign (purpose, dial mode, calling hours, active
dates, queue and team), its outcomes (flags as VICIdial's statuses, and a retry rule each),
its contacts and their attempts, and its progress: records (backends/record.py). What creates
or changes them is in backends/campaigns/inputs.py, the rules in backends/campaigns/rules.py.
See docs/ARCHITECTURE.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, Le, MaxLen, MinLen

from backends.checks import utcnow
from backends.record import Record, checked

CODE_SHAPE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
MAX_OUTCOMES = 40
MAX_FIELDS = 40  # extra columns one contact keeps
MAX_CONTACTS_PER_CALL = 10_000  # contacts one add_contacts call takes
MAX_LEASE_MINUTES = 24 * 60


class Purpose(StrEnum):
    TELEMARKETING = "telemarketing"
    TELESELLING = "teleselling"
    APPOINTMENTS = "appointments"
    SURVEY = "survey"
    CARE_FOLLOW_UP = "care_follow_up"


class DialMode(StrEnum):
    PREVIEW = "preview"  # the operator sees the contact, then dials with one key
    PROGRESSIVE = "progressive"  # the next contact is dialled as soon as the operator is free


def outcome_code(value: str) -> str:
    if not CODE_SHAPE.match(value):
        raise ValueError("an outcome code is lower-case letters, digits and _")
    return value


def weekdays_of(value: list[int]) -> list[int]:
    """The weekdays sorted, each once; ValueError for none or one out of 0 … 6."""
    if not value or any(d not in range(7) for d in value):
        raise ValueError("weekdays are 0 (Monday) to 6 (Sunday), at least one")
    return sorted(set(value))


def consistency(hours_start: time, hours_end: time, starts_on: date | None,
                ends_on: date | None, codes: list[str]) -> str | None:
    """What is wrong across a campaign's fields (hours, dates, outcome codes), or None."""
    if hours_end <= hours_start:
        return "calling hours must end after they start"
    if starts_on and ends_on and ends_on < starts_on:
        return "a campaign must end on or after the day it starts"
    if len(set(codes)) != len(codes):
        return "outcome codes must be unique"
    return None


@dataclass(kw_only=True)
class Outcome(Record):
    """An outcome of an attempt. `retry_minutes` None: the contact never comes back on this
    outcome; otherwise it comes back after that delay until `max_attempts` attempts. Also
    given as input (inside a CampaignDraft): checked here as well as by its bounds."""

    code: Annotated[str, MinLen(1), MaxLen(30)]
    label: Annotated[str, MinLen(1), MaxLen(60)]
    contact: bool = False  # a person was reached
    conversion: bool = False  # a sale, a booked appointment, a completed survey
    dnc: bool = False  # "do not call me again"
    callback: bool = False  # the contact asked to be called back
    final: bool = False  # the contact is done
    unworkable: bool = False  # wrong or dead number
    retry_minutes: Annotated[int, Ge(1), Le(60 * 24 * 90)] | None = None
    max_attempts: Annotated[int, Ge(1), Le(50)] = 1

    def __post_init__(self) -> None:
        self.code = checked("code", outcome_code, self.code)


# backends/record.py and record_check.py know datetimes but not dates and times of day, which
# only a campaign has (its stored JSON body holds them as ISO text): Campaign reads and writes
# them itself
@dataclass(kw_only=True)
class Campaign(Record):
    """A stored campaign: the fields of its draft (backends/campaigns/inputs.py), in the same
    order (the stored JSON body and the wire follow it), then its id and creation time."""

    name: Annotated[str, MinLen(1), MaxLen(60)]
    purpose: Purpose = Purpose.TELEMARKETING
    dial_mode: DialMode = DialMode.PREVIEW
    outcomes: Annotated[list[Outcome], MinLen(1), MaxLen(MAX_OUTCOMES)]
    hours_start: time = time(9, 0)
    hours_end: time = time(20, 0)
    weekdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4, 5])  # 0 Monday … 6
    business_override: bool = False  # business numbers may be called on public holidays
    starts_on: date | None = None
    ends_on: date | None = None
    queue: Annotated[str, MinLen(1), MaxLen(60)] = "outbound"
    team: Annotated[str, MaxLen(60)] = ""
    # a contact claimed this long ago, with no call placed since, goes back to the others
    # (backends/campaigns/rules.py: claim_lapsed)
    claim_lease_minutes: Annotated[float, Ge(0.01), Le(MAX_LEASE_MINUTES)] = 15
    id: int
    created_at: datetime = field(default_factory=utcnow)

    def __post_init__(self) -> None:
        self.weekdays = checked("weekdays", weekdays_of, self.weekdays)
        wrong = consistency(self.hours_start, self.hours_end, self.starts_on, self.ends_on,
                            [o.code for o in self.outcomes])
        if wrong is not None:
            from backends.errors import Invalid

            raise Invalid(None, wrong)


class ContactState(StrEnum):
    OPEN = "open"  # waiting (possibly until due_at)
    CLAIMED = "claimed"  # handed to an operator, not yet given an outcome
    DONE = "done"  # final, converted, do-not-call, unworkable or out of attempts


@dataclass(kw_only=True)
class Contact(Record):
    id: int
    campaign_id: int
    phone: str
    name: str = ""
    priority: int = 0
    business: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    customer_id: int | None = None
    state: ContactState = ContactState.OPEN
    attempts: int = 0
    due_at: datetime | None = None
    callback_at: datetime | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None  # claimed or dialled last (the lease runs from it)
    last_outcome: str | None = None


@dataclass(kw_only=True)
class AddedContacts(Record):
    added: int
    duplicates: int  # already in the campaign, or twice in what was given


@dataclass(kw_only=True)
class Progress(Record):
    campaign_id: int
    contacts: int
    left: int  # not done yet
    attempted: int  # contacts with at least one attempt
    reached: int  # contacts whose some attempt had a "contact" outcome
    converted: int
    by_outcome: dict[str, int]  # attempts per outcome code
    # the pacing guard (rules.py): live calls (answered by a person) in progressive mode over
    # the last 24 hours, those of them abandoned (answered while no operator was free), and
    # their share, kept at or under rules.ABANDON_LIMIT
    live_24h: int = 0
    abandoned_24h: int = 0
    abandon_share: float = 0.0
    may_dial_ahead: bool = False  # one more call than free operators stays within the limit


class DncList(StrEnum):
    INTERNAL = "internal"  # the company's own list ("do not call me again")
    CAMPAIGN = "campaign"  # one campaign's list (with its campaign_id)
    UK_TPS = "uk_tps"  # the UK Telephone Preference Service
    UK_CTPS = "uk_ctps"  # the UK Corporate TPS
    IT_RPO = "it_rpo"  # the Italian Registro pubblico delle opposizioni


@dataclass(kw_only=True)
class DncHit(Record):
    """Why a number may not be called: the list (or `consent`: a customer with the number has
    no marketing consent), the campaign of a campaign list, and the reason noted."""

    list_name: str
    campaign_id: int | None = None
    reason: str = ""


@dataclass(kw_only=True)
class DialResult(Record):
    """Dialling a claimed contact: the outbound call, or why it may not be called now."""

    contact: Contact
    call_id: int | None = None
    blocked: list[DncHit] = field(default_factory=list)
    not_now: str | None = None
