"""What creates a campaign or changes one, the contacts given to it, an attempt's outcome and
a change to the do-not-call lists (pydantic input models, imported when one is given, not at
start-up). The records are in backends/campaigns/models.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import date, datetime, time

from pydantic import Field, field_validator, model_validator

from backends.campaigns.models import (
    MAX_CONTACTS_PER_CALL,
    MAX_FIELDS,
    MAX_LEASE_MINUTES,
    MAX_OUTCOMES,
    DialMode,
    DncList,
    Outcome,
    Purpose,
    consistency,
    weekdays_of,
)
from backends.model_base import Model


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
    claim_lease_minutes: float = Field(default=15, ge=0.01, le=MAX_LEASE_MINUTES, description=(
        "a contact claimed this long ago, with no call placed since, goes back to the others "
        "(backends/campaigns/rules.py: claim_lapsed)"))

    _weekdays = field_validator("weekdays")(classmethod(lambda cls, v: weekdays_of(v)))

    @model_validator(mode="after")
    def _consistent(self) -> CampaignDraft:
        wrong = consistency(self.hours_start, self.hours_end, self.starts_on, self.ends_on,
                            [o.code for o in self.outcomes])
        if wrong is not None:
            raise ValueError(wrong)
        return self


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
    claim_lease_minutes: float | None = Field(default=None, ge=0.01, le=MAX_LEASE_MINUTES)


class ContactDraft(Model):
    phone: str = Field(min_length=1, max_length=60)
    name: str = Field(default="", max_length=200)
    priority: int = Field(default=0, ge=-100, le=100)
    business: bool = False  # a business number (callable on holidays when the campaign says)
    fields: dict[str, str] = Field(default_factory=dict, max_length=MAX_FIELDS)
    customer_id: int | None = Field(default=None, ge=1, description=(
        "the customer with this number; when None, the store links the customer it knows "
        "by the number (backends/campaigns/linking.py links through any backend)"))


class AttemptDraft(Model):
    contact_id: int = Field(ge=1)
    operator: str = Field(min_length=1, max_length=40)
    outcome: str = Field(min_length=1, max_length=30)
    call_id: int | None = Field(default=None, ge=1)
    callback_at: datetime | None = None


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
