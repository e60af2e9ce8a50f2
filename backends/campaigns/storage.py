"""What the campaigns service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). `write(work)` is one transaction; `work` is synchronous."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.campaigns.models import Campaign, Contact, Progress

T = TypeVar("T")


class CampaignsWriter(Protocol):
    def insert_campaign(self, values: dict[str, Any]) -> Campaign: ...

    def campaign(self, campaign_id: int) -> Campaign | None: ...

    def campaign_named(self, name: str) -> Campaign | None: ...

    def insert_contact(self, values: dict[str, Any]) -> bool:
        """False when the campaign already has that phone."""

    def customer_by_phone(self, phone: str) -> int | None: ...

    def claim_next(self, campaign_id: int, operator: str, now: datetime) -> Contact | None:
        """Marks the first contact due at `now` in the order of backends/campaigns/rules.py
        claimed by `operator` and returns it."""

    def contact(self, contact_id: int) -> Contact | None: ...

    def update_contact(self, contact_id: int, values: dict[str, Any]) -> Contact: ...

    def insert_attempt(self, values: dict[str, Any]) -> None: ...

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class CampaignsStorage(Protocol):
    async def write(self, work: Callable[[CampaignsWriter], T]) -> T: ...

    async def list_campaigns(self) -> list[Campaign]: ...

    async def progress(self, campaign_id: int) -> Progress: ...
