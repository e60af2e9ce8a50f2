"""The campaigns use cases over a `CampaignsStorage` (docs/ARCHITECTURE.md): the rules of
backends/campaigns/rules.py run here, once, for every store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from backends import phones
from backends.calls.models import CallState, Channel, Direction
from backends.calls.steps import follow_presence
from backends.campaigns import hours, rules
from backends.campaigns.claims import ClaimQueue, take_for
from backends.campaigns.models import (
    MAX_CONTACTS_PER_CALL,
    AddedContacts,
    Campaign,
    Contact,
    ContactState,
    DialResult,
    DncHit,
    DncList,
    Progress,
)
from backends.campaigns.remote_consent import consent_hit
from backends.checks import utcnow
from backends.errors import Conflict, Invalid, NotFound, invalid_from_validation
from backends.i18n import _
from backends.people.models import Presence
from backends.revalidation import revalidate, revalidate_flat

if TYPE_CHECKING:
    from backends.campaigns.inputs import (
        AttemptDraft,
        CampaignChanges,
        CampaignDraft,
        ContactDraft,
        DncChange,
    )
    from backends.campaigns.storage import CampaignsStorage, CampaignsWriter
    from backends.customers.api import Customers


def _campaign(tx: CampaignsWriter, campaign_id: int) -> Campaign:
    found = tx.campaign(campaign_id)
    if found is None:
        raise NotFound(_("there is no campaign {id}").format(id=campaign_id))
    return found


def _claimed(tx: CampaignsWriter, contact_id: int, operator: str) -> Contact:
    contact = tx.contact(contact_id)
    if contact is None:
        raise NotFound(_("there is no contact {id}").format(id=contact_id))
    if contact.state is not ContactState.CLAIMED or contact.claimed_by != operator:
        raise Conflict(_("contact {id} is not claimed by {operator}").format(
            id=contact.id, operator=operator), current=contact)
    return contact


def _close_blocked(tx: CampaignsWriter, contact: Contact) -> Contact:
    tx.append_event("campaign.dnc_blocked", f"contact:{contact.id}",
                    {"campaign_id": contact.campaign_id})
    return tx.update_contact(contact.id, {"state": ContactState.DONE.value,
                                          "claimed_by": None, "claimed_at": None,
                                          "last_outcome": rules.BLOCKED})


def release_lapsed(tx: CampaignsWriter, campaign: Campaign, now: datetime) -> int:
    """The campaign's claims that lapsed by `now` (rules.claim_lapsed: signed out, or the
    lease ran out) given back to the others, each with an event; how many. No clock runs in
    a store: this runs before each hand-out, the one moment a lapse can matter to anybody."""
    lease = timedelta(minutes=campaign.claim_lease_minutes)
    released = 0
    for held in tx.lapse_candidates(campaign.id, now - lease):
        if rules.claim_lapsed(held, now, lease) and tx.release(held.contact_id, held.operator):
            tx.append_event("campaign.claim_released", f"contact:{held.contact_id}", {
                "campaign_id": campaign.id, "operator": held.operator,
                "signed_out": held.presence == Presence.OFFLINE.value})
            released += 1
    return released


def _normalized(numbers: list[str], region: str | None, name: str,
                suffix: str = "") -> list[str]:
    """The numbers in E.164; Invalid naming the first bad one (`name[i]suffix`). The names
    are only written when one is bad: 10,000,000 of them cost a tenth of a register's
    import."""
    try:
        return [phones.normalize(n, region) for n in numbers]
    except Invalid:
        return [phones.normalize(n, region, field=f"{name}[{i}]{suffix}")
                for i, n in enumerate(numbers)]


class CampaignsService:
    """The `Campaigns` interface (backends/campaigns/api.py) over a `CampaignsStorage`."""

    def __init__(self, storage: CampaignsStorage, region: str = "",
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.storage = storage
        self.region = region  # the store's region, for national numbers given without one
        self.clock = clock
        self._claims = ClaimQueue(self._take)
        # customers that live outside the store (Request Tracker: backends/rt/backend.py sets
        # them): contacts are linked, and consent is checked, through them as well
        self.remote_customers: Customers | None = None

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

    async def update_campaign(self, campaign_id: int, changes: CampaignChanges) -> Campaign:
        changes = revalidate(changes)
        given = changes.model_dump(mode="json", exclude_unset=True)

        def write(tx: CampaignsWriter) -> Campaign:
            current = _campaign(tx, campaign_id)
            if "name" in given and given["name"] != current.name and (
                    tx.campaign_named(given["name"]) is not None):
                raise Conflict(_("a campaign named {name} exists").format(name=given["name"]))
            body = {**current.model_dump(mode="json", exclude={"id", "created_at"}),
                    **{k: v for k, v in given.items() if v is not None}}
            from pydantic import ValidationError

            from backends.campaigns.inputs import CampaignDraft

            try:  # checked as a whole
                draft = CampaignDraft.model_validate(body)
            except ValidationError as exc:
                raise invalid_from_validation(exc) from None
            updated = tx.update_campaign(campaign_id, draft.model_dump(mode="json"))
            tx.append_event("campaign.changed", f"campaign:{campaign_id}",
                            {"fields": sorted(given)})
            return updated

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
        drafts = revalidate_flat(drafts)  # a contact holds no other model
        numbers = _normalized([d.phone for d in drafts], region, "contacts", ".phone")

        rows = [{"campaign_id": campaign_id, "phone": phone, "name": draft.name,
                 "priority": draft.priority, "business": int(draft.business),
                 "fields": dict(draft.fields), "customer_id": draft.customer_id}
                for draft, phone in zip(drafts, numbers, strict=True)]

        def write(tx: CampaignsWriter) -> AddedContacts:
            _campaign(tx, campaign_id)
            added = tx.insert_contacts(rows)
            if added:
                tx.append_event("campaign.contacts_added", f"campaign:{campaign_id}",
                                {"added": added})
            return AddedContacts(added=added, duplicates=len(drafts) - added)

        return await self.storage.write(write)

    async def next_contact(self, campaign_id: int, operator: str) -> Contact | None:
        while True:
            contact = await self._claims.next_contact(campaign_id, operator)
            if contact is None or self.remote_customers is None:
                return contact
            if await consent_hit(self.remote_customers, contact.phone) is None:
                return contact
            await self.storage.write(partial(_close_blocked, contact=contact))

    async def _take(self, campaign_id: int, operators: list[str]) -> list[Contact | None]:
        """One transaction taking the next contact for each operator (claims.py)."""
        def write(tx: CampaignsWriter) -> list[Contact | None]:
            campaign = _campaign(tx, campaign_id)
            now = self.clock()
            release_lapsed(tx, campaign, now)
            blocked: list[Contact] = []
            try:
                return take_for(tx, campaign, now, operators, blocked)
            finally:  # after the scan: closing contacts during it would move its pages
                for contact in blocked:
                    _close_blocked(tx, contact)

        return await self.storage.write_claims(write)

    async def dial(self, contact_id: int, operator: str) -> DialResult:
        remote: DncHit | None = None
        if self.remote_customers is not None:  # asked just before the transaction
            found = await self.storage.write(lambda tx: tx.contact(contact_id))
            if found is not None:
                remote = await consent_hit(self.remote_customers, found.phone)

        def write(tx: CampaignsWriter) -> DialResult:
            contact = _claimed(tx, contact_id, operator)
            campaign = _campaign(tx, contact.campaign_id)
            now = self.clock()
            hits = [*tx.dnc_hits(contact.phone, campaign.id), *([remote] if remote else [])]
            if hits:  # checked at the moment of dialling, not only when it was offered
                return DialResult(contact=_close_blocked(tx, contact), blocked=hits)
            not_now = hours.why_not_now(campaign, contact, now)
            if not_now is not None:
                released = tx.update_contact(contact.id, {"state": ContactState.OPEN.value,
                                                          "claimed_by": None,
                                                          "claimed_at": None})
                return DialResult(contact=released, not_now=not_now)
            call_id = tx.insert_call({
                "channel": Channel.VOICE, "direction": Direction.OUTBOUND,
                "caller": contact.phone, "customer_id": contact.customer_id,
                "queue": campaign.queue, "priority": 0, "vip": False,
                "state": CallState.ACTIVE, "arrived_at": now, "answered_at": now,
                "operator": operator, "notes": "", "handover_note": None, "version": 1})
            tx.append_event("call.created", f"call:{call_id}", {
                "queue": campaign.queue, "customer_id": contact.customer_id,
                "operator": operator, "campaign_id": campaign.id, "contact_id": contact.id})
            follow_presence(tx.calls_writer, operator, CallState.ACTIVE)
            # the lease runs again from the call (activity on the claim)
            dialled = tx.update_contact(contact.id, {"claimed_at": now})
            return DialResult(contact=dialled, call_id=call_id)

        return await self.storage.write(write)

    async def add_dnc(self, change: DncChange) -> int:
        change = revalidate(change)
        numbers = self._numbers(change.numbers, change.region)

        def write(tx: CampaignsWriter) -> int:
            if change.campaign_id is not None:
                _campaign(tx, change.campaign_id)
            return tx.dnc_add([(n, change.list_name.value, change.campaign_id or 0, change.reason)
                               for n in numbers])

        return await self.storage.write(write)

    async def remove_dnc(self, change: DncChange) -> int:
        change = revalidate(change)
        numbers = self._numbers(change.numbers, change.region)
        return await self.storage.write(lambda tx: tx.dnc_remove(
            numbers, change.list_name.value, change.campaign_id or 0))

    async def check_dnc(self, number: str, campaign_id: int | None = None,
                        region: str | None = None) -> list[DncHit]:
        phone = phones.normalize(number, region or self.region or None, field="number")
        hits = await self.storage.dnc_hits(phone, campaign_id)
        if self.remote_customers is not None and not any(
                h.list_name == "consent" for h in hits):
            remote = await consent_hit(self.remote_customers, phone)
            hits += [remote] if remote else []
        return hits

    def _numbers(self, numbers: list[str], region: str | None) -> list[str]:
        return _normalized(numbers, region or self.region or None, "numbers")

    async def record_attempt(self, draft: AttemptDraft) -> Contact:
        draft = revalidate(draft)

        def write(tx: CampaignsWriter) -> Contact:
            contact = _claimed(tx, draft.contact_id, draft.operator)
            outcome = rules.outcome_of(_campaign(tx, contact.campaign_id), draft.outcome)
            if outcome is None:
                raise Invalid("outcome", _("the campaign has no outcome {code}").format(
                    code=draft.outcome))
            now = self.clock()
            after = rules.apply_outcome(contact, outcome, now, draft.callback_at)
            tx.insert_attempt({"contact_id": contact.id, "campaign_id": contact.campaign_id,
                               "operator": draft.operator, "outcome": outcome.code,
                               "call_id": draft.call_id, "at": now,
                               "contact": outcome.contact, "conversion": outcome.conversion})
            updated = tx.update_contact(contact.id, {
                "state": after.state.value, "attempts": after.attempts, "due_at": after.due_at,
                "callback_at": after.callback_at, "claimed_by": None, "claimed_at": None,
                "last_outcome": outcome.code})
            if outcome.dnc:  # "do not call me again": at once, for every campaign
                tx.dnc_add([(contact.phone, DncList.INTERNAL.value, 0,
                             _("asked during campaign {id}").format(id=contact.campaign_id))])
            tx.append_event("campaign.attempt", f"contact:{contact.id}", {
                "campaign_id": contact.campaign_id, "outcome": outcome.code,
                "operator": draft.operator})
            return updated

        return await self.storage.write(write)

    async def progress(self, campaign_id: int) -> Progress:
        await self.get_campaign(campaign_id)
        found = await self.storage.progress(campaign_id, self.clock() - rules.PACING_WINDOW)
        return found.model_copy(update={
            "abandon_share": rules.abandon_share(found.live_24h, found.abandoned_24h),
            "may_dial_ahead": rules.may_dial_ahead(found.live_24h, found.abandoned_24h)})

    async def record_live_call(self, campaign_id: int, abandoned: bool) -> Progress:
        def write(tx: CampaignsWriter) -> None:
            _campaign(tx, campaign_id)
            tx.insert_live_call(campaign_id, self.clock(), abandoned)
            if abandoned:
                tx.append_event("campaign.abandoned", f"campaign:{campaign_id}", {})

        await self.storage.write(write)
        return await self.progress(campaign_id)
