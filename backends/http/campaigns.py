"""The campaigns domain over HTTP: backends/campaigns/api.py `Campaigns`, spoken to the
server's routes_campaigns. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from urllib.parse import quote

from backends.campaigns.inputs import (
    AttemptDraft,
    CampaignChanges,
    CampaignDraft,
    ContactDraft,
    DncChange,
)
from backends.campaigns.models import AddedContacts, Campaign, Contact, DialResult, DncHit, Progress
from backends.http import encode
from backends.http.connection import Connection
from backends.wire.campaigns import ContactsBody, LiveCallBody, NextBody


class HttpCampaigns:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def create_campaign(self, draft: CampaignDraft) -> Campaign:
        return await self._c.call("POST", "/v1/campaigns", Campaign, body=draft)

    async def update_campaign(self, campaign_id: int, changes: CampaignChanges) -> Campaign:
        return await self._c.call("PATCH", f"/v1/campaigns/{int(campaign_id)}", Campaign,
                                  body=encode.changes(changes))

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

    async def record_live_call(self, campaign_id: int, abandoned: bool) -> Progress:
        return await self._c.call("POST", f"/v1/campaigns/{int(campaign_id)}/live-calls",
                                  Progress, body=LiveCallBody(abandoned=abandoned))

    async def dial(self, contact_id: int, operator: str) -> DialResult:
        return await self._c.call("POST", f"/v1/campaign-contacts/{int(contact_id)}/dial",
                                  DialResult, body=NextBody(operator=operator))

    async def add_dnc(self, change: DncChange) -> int:
        return await self._c.call("POST", "/v1/dnc", int, body=change)

    async def remove_dnc(self, change: DncChange) -> int:
        return await self._c.call("POST", "/v1/dnc/remove", int, body=change)

    async def check_dnc(self, number: str, campaign_id: int | None = None,
                        region: str | None = None) -> list[DncHit]:
        return await self._c.get(f"/v1/dnc/{quote(number, safe='')}", list[DncHit],
                                 encode.query(campaign_id=campaign_id, region=region))
