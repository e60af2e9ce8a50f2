"""The campaigns domain's vocabulary: a campaign (purpose, dial mode, calling hours, active
dates, queue and team), its outcomes (flags as VICIdial's statuses, and a retry rule each),
its contacts and their attempts, and its progress. The rules are in
backends/campaigns/rules.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from backends.checks import utcnow
from backends.model_base import Model

CODE_SHAPE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
MAX_OUTCOMES = 40
MAX_FIELDS = 40  # extra columns one contact keeps
MAX_CONTACTS_PER_CALL = 10_000  # contacts one add_contacts call takes


class Purpose(StrEnum):
    TELEMARKETING = "telemarketing"
    TELESELLING = "teleselling"
    APPOINTMENTS = "appointments"
    SURVEY = "survey"
    CARE_FOLLOW_UP = "care_follow_up"


class DialMode(StrEnum):
    PREVIEW = "preview"  # the operator sees the contact, then dials with one key
    PROGRESSIVE = "progressive"  # the next contact is dialled as soon as the operator is free


class Outcome(Model):
    """An outcome of an attempt. `retry_minutes` None: the contact never comes back on this
    outcome; otherwise it comes back after that delay until `max_attempts` attempts."""

    code: str = Field(min_length=1, max_length=30)
    label: str = Field(min_length=1, max_length=60)
    contact: bool = False  # a person was reached
    conversion: bool = False  # a sale, a booked appointment, a completed survey
    dnc: bool = False  # "do not call me again"
    callback: bool = False  # the contact asked to be called back
    final: bool = False  # the contact is done
    unworkable: bool = False  # wrong or dead number
    retry_minutes: int | None = Field(default=None, ge=1, le=60 * 24 * 90)
    max_attempts: int = Field(default=1, ge=1, le=50)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE_SHAPE.match(value):
            raise ValueError("an outcome code is lower-case letters, digits and _")
        return value


class CampaignDraft(Model):
    name: str = Field(min_length=1, max_length=60)
    purpose: Purpose = Purpose.TELEMARKETING
    dial_mode: DialMode = DialMode.PREVIEW
    outcomes: list[Outcome] = Field(min_length=1, max_length=MAX_OUTCOMES)
    hours_start: time = time(9, 0)
    hours_end: time = time(20, 0)
    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4, 5],
                                description="0 Monday … 6 Sunday")
    business_override: bool = Field(default=False, description=(
        "business numbers may be called on public holidays"))
    starts_on: date | None = None
    ends_on: date | None = None
    queue: str = Field(default="outbound", min_length=1, max_length=60)
    team: str = Field(default="", max_length=60)
    claim_lease_minutes: float = Field(default=15, ge=0.01, le=24 * 60, description=(
        "a contact claimed this long ago, with no call placed since, goes back to the others "
        "(backends/campaigns/rules.py: claim_lapsed)"))

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: list[int]) -> list[int]:
        if not value or any(d not in range(7) for d in value):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday), at least one")
        return sorted(set(value))

    @model_validator(mode="after")
    def _consistent(self) -> CampaignDraft:
        if self.hours_end <= self.hours_start:
            raise ValueError("calling hours must end after they start")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("a campaign must end on or after the day it starts")
        codes = [o.code for o in self.outcomes]
        if len(set(codes)) != len(codes):
            raise ValueError("outcome codes must be unique")
        return self


class Campaign(CampaignDraft):
    id: int
    created_at: datetime = Field(default_factory=utcnow)


class CampaignChanges(Model):
    """A campaign's key settings to change (those set); the campaign after them is checked
    as a whole (hours, dates, outcomes) as when it was created."""

    name: str | None = Field(default=None, min_length=1, max_length=60)
    purpose: Purpose | None = None
    dial_mode: DialMode | None = None
    hours_start: time | None = None
    hours_end: time | None = None
    weekdays: list[int] | None = None
    business_override: bool | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    queue: str | None = Field(default=None, min_length=1, max_length=60)
    team: str | None = Field(default=None, max_length=60)
    claim_lease_minutes: float | None = Field(default=None, ge=0.01, le=24 * 60)


class ContactState(StrEnum):
    OPEN = "open"  # waiting (possibly until due_at)
    CLAIMED = "claimed"  # handed to an operator, not yet given an outcome
    DONE = "done"  # final, converted, do-not-call, unworkable or out of attempts


class ContactDraft(Model):
    phone: str = Field(min_length=1, max_length=60)
    name: str = Field(default="", max_length=200)
    priority: int = Field(default=0, ge=-100, le=100)
    business: bool = False  # a business number (callable on holidays when the campaign says)
    fields: dict[str, str] = Field(default_factory=dict, max_length=MAX_FIELDS)
    customer_id: int | None = Field(default=None, ge=1, description=(
        "the customer with this number; when None, the store links the customer it knows "
        "by the number (backends/campaigns/linking.py links through any backend)"))


class Contact(Model):
    id: int
    campaign_id: int
    phone: str
    name: str = ""
    priority: int = 0
    business: bool = False
    fields: dict[str, str] = Field(default_factory=dict)
    customer_id: int | None = None
    state: ContactState = ContactState.OPEN
    attempts: int = 0
    due_at: datetime | None = None
    callback_at: datetime | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None  # claimed or dialled last (the lease runs from it)
    last_outcome: str | None = None


class AddedContacts(Model):
    added: int
    duplicates: int  # already in the campaign, or twice in what was given


class AttemptDraft(Model):
    contact_id: int = Field(ge=1)
    operator: str = Field(min_length=1, max_length=40)
    outcome: str = Field(min_length=1, max_length=30)
    call_id: int | None = Field(default=None, ge=1)
    callback_at: datetime | None = None


class Progress(Model):
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


class DncHit(Model):
    """Why a number may not be called: the list (or `consent`: a customer with the number has
    no marketing consent), the campaign of a campaign list, and the reason noted."""

    list_name: str
    campaign_id: int | None = None
    reason: str = ""


class DncChange(Model):
    numbers: list[str] = Field(min_length=1, max_length=MAX_CONTACTS_PER_CALL)
    list_name: DncList = DncList.INTERNAL
    campaign_id: int | None = Field(default=None, ge=1)
    reason: str = Field(default="", max_length=200)
    region: str | None = Field(default=None, min_length=2, max_length=2)

    @model_validator(mode="after")
    def _campaign(self) -> DncChange:
        if (self.list_name is DncList.CAMPAIGN) != (self.campaign_id is not None):
            raise ValueError("a campaign list, and only it, names its campaign_id")
        return self


class DialResult(Model):
    """Dialling a claimed contact: the outbound call, or why it may not be called now."""

    contact: Contact
    call_id: int | None = None
    blocked: list[DncHit] = Field(default_factory=list)
    not_now: str | None = None
