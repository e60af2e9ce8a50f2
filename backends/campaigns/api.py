"""The campaigns use cases: create and read campaigns, add contacts, take the next contact
(atomically), record an attempt's outcome, progress.

A domain interface outside the six typed attributes (docs/ARCHITECTURE.md): reached as
`backend.domain(CAMPAIGNS)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey

if TYPE_CHECKING:
    from backends.campaigns.inputs import (
        AttemptDraft,
        CampaignChanges,
        CampaignDraft,
        ContactDraft,
        DncChange,
    )
    from backends.campaigns.models import (
        AddedContacts,
        Campaign,
        Contact,
        DialResult,
        DncHit,
        Progress,
    )


@runtime_checkable
class Campaigns(Protocol):
    async def create_campaign(self, draft: CampaignDraft) -> Campaign:
        """Conflict when a campaign has that name (event `campaign.created`)."""

    async def update_campaign(self, campaign_id: int, changes: CampaignChanges) -> Campaign:
        """The key settings given in `changes` (event `campaign.changed`); Invalid when the
        campaign after them would be (hours ending before they start…), Conflict for a
        name another campaign has, NotFound when there is none."""

    async def get_campaign(self, campaign_id: int) -> Campaign:
        """NotFound when there is none."""

    async def list_campaigns(self) -> list[Campaign]:
        """By name."""

    async def add_contacts(self, campaign_id: int, drafts: list[ContactDraft],
                           region: str | None = None) -> AddedContacts:
        """Numbers normalised to E.164 (`region` for national numbers, else the default);
        a number already in the campaign, or given twice, is counted as a duplicate and
        skipped; a contact without `customer_id` whose number is a customer's in the store the
        campaigns live in is linked to that customer (on Request Tracker, customers are in RT:
        backends/campaigns/linking.py links through the customers domain first). Invalid
        (field `contacts[i].phone`) for a number that cannot be read: nothing is added."""

    async def next_contact(self, campaign_id: int, operator: str) -> Contact | None:
        """Claims, for `operator`, the next contact due (backends/campaigns/rules.py) that may
        be called now (backends/campaigns/hours.py) and is on no do-not-call list (those that
        are are closed), in one transaction: two operators never get the same contact. None
        when none is due."""

    async def dial(self, contact_id: int, operator: str) -> DialResult:
        """Dial a contact the operator claimed: do-not-call and calling hours are checked
        again at this moment; a blocked contact is closed, one outside its hours released;
        otherwise an outbound call is placed (active, the operator's) in the same
        transaction. Conflict when the contact is not claimed by that operator."""

    async def add_dnc(self, change: DncChange) -> int:
        """Numbers (any format: `region` for national ones) added to a do-not-call list; how
        many were new."""

    async def remove_dnc(self, change: DncChange) -> int:
        """Numbers taken off a list; how many were on it."""

    async def check_dnc(self, number: str, campaign_id: int | None = None,
                        region: str | None = None) -> list[DncHit]:
        """Why the number may not be called (empty: it may be); `campaign_id` adds that
        campaign's own list."""

    async def record_attempt(self, draft: AttemptDraft) -> Contact:
        """The attempt's outcome on a contact the operator claimed: the attempt is stored and
        the retry scheduled (event `campaign.attempt`). Invalid for an outcome the campaign
        does not have; Conflict when the contact is not claimed by that operator."""

    async def progress(self, campaign_id: int) -> Progress:
        """Contacts left, attempted, reached, converted, and attempts by outcome; the
        pacing guard's live and abandoned calls of the last 24 hours and their share."""

    async def record_live_call(self, campaign_id: int, abandoned: bool) -> Progress:
        """A progressive call was answered by a person; `abandoned`: while no operator was
        free (event `campaign.abandoned`). The progress after it (pacing fields)."""


CAMPAIGNS: DomainKey[Campaigns] = DomainKey("campaigns")
