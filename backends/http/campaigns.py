"""The campaigns domain over HTTP: backends/campaigns/api.py `Campaigns`, spoken to the
server's routes_campaigns. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from backends.campaigns.models import (
    AddedContacts,
    AttemptDraft,
    Campaign,
    CampaignDraft,
    Contact,
    ContactDraft,
    Progress,
)
from backends.http.connection import Connection
from backends.wire.campaigns import ContactsBody, NextBody


class HttpCampaigns:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def create_campaign(self, draft: CampaignDraft) -> Campaign:
        return await self._c.call("POST", "/v1/campaigns", Campaign, body=draft)

    async def get_campaign(self, campaign_id: int) -> Campaign:
        return await self._c.get(f"/v1/campaigns/{int(campaign_id)}", Campaign)

    async def list_campaigns(self) -> list[Campaign]:
        return await self._c.get("/v1/campaigns", list[Campaign])

    async def add_contacts(self, campaign_id: int, drafts: list[ContactDraft],
                           region: str | None = None) -> AddedContacts:
        return await self._c.call("POST", f"/v1/campaigns/{int(campaign_id)}/contacts",
                                  AddedContacts,
                                  body=ContactsBody(contacts=drafts, region=region))

    async def next_contact(self, campaign_id: int, operator: str) -> Contact | None:
        return await self._c.call("POST", f"/v1/campaigns/{int(campaign_id)}/next",
                                  Contact | None, body=NextBody(operator=operator))

    async def record_attempt(self, draft: AttemptDraft) -> Contact:
        return await self._c.call("POST", "/v1/campaign-attempts", Contact, body=draft)

    async def progress(self, campaign_id: int) -> Progress:
        return await self._c.get(f"/v1/campaigns/{int(campaign_id)}/progress", Progress)
