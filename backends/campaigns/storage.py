"""What the campaigns service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). Dialling places an outbound call, so the writer also inserts a call
and lends the calls domain's writer of the same transaction (`calls_writer`) for the
operator's presence (backends/calls/steps.py). `write(work)` is one transaction; `work` is
synchronous."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.calls.steps import PresenceWriter
from backends.campaigns.models import Campaign, Contact, DncHit, Progress
from backends.campaigns.rules import HeldClaim

T = TypeVar("T")


class CampaignsWriter(Protocol):
    def insert_campaign(self, values: dict[str, Any]) -> Campaign: ...

    def campaign(self, campaign_id: int) -> Campaign | None: ...

    def update_campaign(self, campaign_id: int, values: dict[str, Any]) -> Campaign:
        """The campaign's settings replaced by `values` (a whole CampaignDraft, as JSON)."""

    def campaign_named(self, name: str) -> Campaign | None: ...

    def insert_contacts(self, rows: list[dict[str, Any]]) -> int:
        """How many were added: a phone the campaign already has, or given twice, is
        skipped. A row without `customer_id` is linked to the customer (lowest id) that this
        store knows by the number, if any."""

    def candidates(self, campaign_id: int, now: datetime, offset: int,
                   limit: int) -> list[Contact]:
        """Open contacts due at `now`, in the order of backends/campaigns/rules.py."""

    def claim_many(self, claims: list[tuple[int, str]], at: datetime) -> set[int]:
        """Each (contact id, operator) claimed by that operator at `at` only if the contact is
        open (one conditional update); the ids claimed."""

    def lapse_candidates(self, campaign_id: int, claimed_before: datetime
                         ) -> list[HeldClaim]:
        """The campaign's claimed contacts that may have lapsed, each with its operator's
        presence: at least those claimed at or before `claimed_before` (or at no known time)
        and those whose operator's presence is offline since a time at or after the claim.
        More is allowed (the service decides); fewer is not."""

    def release(self, contact_id: int, operator: str) -> bool:
        """Open again if `operator` still holds it (a conditional update); whether it was."""

    def dnc_listed(self, phones: list[str], campaign_id: int) -> set[str]:
        """Those of `phones` that `dnc_hits` would give any hit for, in one look-up."""

    def dnc_hits(self, phone: str, campaign_id: int | None) -> list[DncHit]:
        """Every do-not-call entry for the number (campaign lists: only `campaign_id`'s),
        and `consent` when a customer with the number has no marketing consent."""

    def dnc_add(self, rows: list[tuple[str, str, int, str]]) -> int:
        """(e164, list, campaign_id or 0, reason) rows; how many were new."""

    def dnc_remove(self, phones: list[str], list_name: str, campaign_id: int) -> int: ...

    def insert_call(self, values: dict[str, Any]) -> int: ...

    @property
    def calls_writer(self) -> PresenceWriter: ...

    def contact(self, contact_id: int) -> Contact | None: ...

    def update_contact(self, contact_id: int, values: dict[str, Any]) -> Contact: ...

    def insert_attempt(self, values: dict[str, Any]) -> None: ...

    def insert_live_call(self, campaign_id: int, at: datetime, abandoned: bool) -> None:
        """A progressive call answered by a person (abandoned: while no operator was free)."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class CampaignsStorage(Protocol):
    async def write(self, work: Callable[[CampaignsWriter], T]) -> T: ...

    async def write_claims(self, work: Callable[[CampaignsWriter], T]) -> T:
        """As `write`, for the transaction that hands contacts out (and releases lapsed
        claims): a store may make it durable lazily (SQLite: committed without a sync), since
        losing it in a power cut only leaves those contacts open, and dialling one checks
        its claim in a durable transaction."""

    async def list_campaigns(self) -> list[Campaign]: ...

    async def progress(self, campaign_id: int, since: datetime) -> Progress:
        """Counts; live and abandoned calls (the pacing fields) from `since` on."""

    async def dnc_hits(self, phone: str, campaign_id: int | None) -> list[DncHit]:
        """As `CampaignsWriter.dnc_hits`, in a read."""
