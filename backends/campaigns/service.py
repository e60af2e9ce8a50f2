"""The campaigns use cases over a `CampaignsStorage` (docs/ARCHITECTURE.md): the rules of
backends/campaigns/rules.py run here, once, for every store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends import phones
from backends.campaigns import rules
from backends.campaigns.models import (
    MAX_CONTACTS_PER_CALL,
    AddedContacts,
    AttemptDraft,
    Campaign,
    CampaignDraft,
    Contact,
    ContactDraft,
    ContactState,
    Progress,
)
from backends.errors import Conflict, Invalid, NotFound
from backends.i18n import _
from backends.model_base import revalidate, utcnow

if TYPE_CHECKING:
    from backends.campaigns.storage import CampaignsStorage, CampaignsWriter


def _campaign(tx: CampaignsWriter, campaign_id: int) -> Campaign:
    found = tx.campaign(campaign_id)
    if found is None:
        raise NotFound(_("there is no campaign {id}").format(id=campaign_id))
    return found


class CampaignsService:
    """The `Campaigns` interface (backends/campaigns/api.py) over a `CampaignsStorage`."""

    def __init__(self, storage: CampaignsStorage, region: str = "") -> None:
        self.storage = storage
        self.region = region  # the store's region, for national numbers given without one

    async def create_campaign(self, draft: CampaignDraft) -> Campaign:
        draft = revalidate(draft)

        def write(tx: CampaignsWriter) -> Campaign:
            if tx.campaign_named(draft.name) is not None:
                raise Conflict(_("a campaign named {name} exists").format(name=draft.name))
            campaign = tx.insert_campaign(draft.model_dump(mode="json"))
            tx.append_event("campaign.created", f"campaign:{campaign.id}",
                            {"name": campaign.name})
            return campaign

        return await self.storage.write(write)

    async def get_campaign(self, campaign_id: int) -> Campaign:
        return await self.storage.write(lambda tx: _campaign(tx, campaign_id))

    async def list_campaigns(self) -> list[Campaign]:
        return await self.storage.list_campaigns()

    async def add_contacts(self, campaign_id: int, drafts: list[ContactDraft],
                           region: str | None = None) -> AddedContacts:
        if len(drafts) > MAX_CONTACTS_PER_CALL:
            raise Invalid("contacts", _("at most {n} contacts at a time").format(
                n=MAX_CONTACTS_PER_CALL))
        region = region or self.region or None
        numbers = [phones.normalize(revalidate(d).phone, region, field=f"contacts[{i}].phone")
                   for i, d in enumerate(drafts)]

        def write(tx: CampaignsWriter) -> AddedContacts:
            _campaign(tx, campaign_id)
            added = 0
            for draft, phone in zip(drafts, numbers, strict=True):
                if tx.insert_contact({
                        "campaign_id": campaign_id, "phone": phone, "name": draft.name,
                        "priority": draft.priority, "fields": dict(draft.fields),
                        "customer_id": draft.customer_id or tx.customer_by_phone(phone)}):
                    added += 1
            if added:
                tx.append_event("campaign.contacts_added", f"campaign:{campaign_id}",
                                {"added": added})
            return AddedContacts(added=added, duplicates=len(drafts) - added)

        return await self.storage.write(write)

    async def next_contact(self, campaign_id: int, operator: str) -> Contact | None:
        def write(tx: CampaignsWriter) -> Contact | None:
            _campaign(tx, campaign_id)
            return tx.claim_next(campaign_id, operator, utcnow())

        return await self.storage.write(write)

    async def record_attempt(self, draft: AttemptDraft) -> Contact:
        draft = revalidate(draft)

        def write(tx: CampaignsWriter) -> Contact:
            contact = tx.contact(draft.contact_id)
            if contact is None:
                raise NotFound(_("there is no contact {id}").format(id=draft.contact_id))
            if contact.state is not ContactState.CLAIMED or contact.claimed_by != draft.operator:
                raise Conflict(_("contact {id} is not claimed by {operator}").format(
                    id=contact.id, operator=draft.operator), current=contact)
            outcome = rules.outcome_of(_campaign(tx, contact.campaign_id), draft.outcome)
            if outcome is None:
                raise Invalid("outcome", _("the campaign has no outcome {code}").format(
                    code=draft.outcome))
            now = utcnow()
            after = rules.apply_outcome(contact, outcome, now, draft.callback_at)
            tx.insert_attempt({"contact_id": contact.id, "campaign_id": contact.campaign_id,
                               "operator": draft.operator, "outcome": outcome.code,
                               "call_id": draft.call_id, "at": now,
                               "contact": outcome.contact, "conversion": outcome.conversion})
            updated = tx.update_contact(contact.id, {
                "state": after.state.value, "attempts": after.attempts, "due_at": after.due_at,
                "callback_at": after.callback_at, "claimed_by": None,
                "last_outcome": outcome.code})
            tx.append_event("campaign.attempt", f"contact:{contact.id}", {
                "campaign_id": contact.campaign_id, "outcome": outcome.code,
                "operator": draft.operator})
            return updated

        return await self.storage.write(write)

    async def progress(self, campaign_id: int) -> Progress:
        await self.get_campaign(campaign_id)
        return await self.storage.progress(campaign_id)
