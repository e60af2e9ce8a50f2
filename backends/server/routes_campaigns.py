"""Campaigns over HTTP: create and read campaigns, add contacts, the next contact, an
attempt's outcome, progress.

One router per domain (docs/ARCHITECTURE.md); it talks to `backend.domain(CAMPAIGNS)`.
Supervisors and admins manage campaigns (create, add contacts) and the do-not-call lists;
operators work campaigns (next contact, dial, outcome) under their own name; anyone signed in
may check a number. `ACTIONS` are the domain's server actions
(registered in backends/domain_registry.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from backends.campaigns.api import CAMPAIGNS, Campaigns
from backends.campaigns.inputs import AttemptDraft, CampaignChanges, CampaignDraft, DncChange
from backends.campaigns.models import AddedContacts, Campaign, Contact, DialResult, DncHit, Progress
from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import MAX_ID, Id
from backends.server.policy import MANAGERS, WORKERS, Identity
from backends.wire.campaigns import ContactsBody, LiveCallBody, NextBody

ACTIONS = {"campaign.manage": MANAGERS, "campaign.work": WORKERS}
router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["campaigns"])
Manager = Annotated[Identity, guard("campaign.manage")]
Worker = Annotated[Identity, guard("campaign.work")]


def campaigns(request: Request) -> Campaigns:
    return backend(request).domain(CAMPAIGNS)


@router.post("/campaigns", status_code=201, response_model=Campaign)
async def create_campaign(draft: CampaignDraft, request: Request, who: Manager) -> Response:
    return await once(request, who, lambda: campaigns(request).create_campaign(draft), 201)


@router.patch("/campaigns/{campaign_id}", response_model=Campaign)
async def update_campaign(campaign_id: Id, changes: CampaignChanges, request: Request,
                          who: Manager) -> Response:
    return await once(request, who, lambda: campaigns(request).update_campaign(
        campaign_id, changes))


@router.get("/campaigns", response_model=list[Campaign])
async def list_campaigns(request: Request, who: Reader) -> Response:
    return respond(await campaigns(request).list_campaigns())


@router.get("/campaigns/{campaign_id}", response_model=Campaign)
async def get_campaign(campaign_id: Id, request: Request, who: Reader) -> Response:
    return respond(await campaigns(request).get_campaign(campaign_id))


@router.post("/campaigns/{campaign_id}/contacts", response_model=AddedContacts)
async def add_contacts(campaign_id: Id, body: ContactsBody, request: Request,
                       who: Manager) -> Response:
    return await once(request, who, lambda: campaigns(request).add_contacts(
        campaign_id, body.contacts, body.region))


@router.post("/campaigns/{campaign_id}/next", response_model=Contact | None)
async def next_contact(campaign_id: Id, body: NextBody, request: Request,
                       who: Worker) -> Response:
    who.acts_as(body.operator)
    return await once(request, who, lambda: campaigns(request).next_contact(
        campaign_id, body.operator))


@router.post("/campaign-attempts", response_model=Contact)
async def record_attempt(draft: AttemptDraft, request: Request, who: Worker) -> Response:
    who.acts_as(draft.operator)
    return await once(request, who, lambda: campaigns(request).record_attempt(draft))


@router.get("/campaigns/{campaign_id}/progress", response_model=Progress)
async def progress(campaign_id: Id, request: Request, who: Reader) -> Response:
    return respond(await campaigns(request).progress(campaign_id))


@router.post("/campaigns/{campaign_id}/live-calls", response_model=Progress)
async def record_live_call(campaign_id: Id, body: LiveCallBody, request: Request,
                           who: Worker) -> Response:
    return await once(request, who, lambda: campaigns(request).record_live_call(
        campaign_id, body.abandoned))


@router.post("/campaign-contacts/{contact_id}/dial", response_model=DialResult)
async def dial(contact_id: Id, body: NextBody, request: Request, who: Worker) -> Response:
    who.acts_as(body.operator)
    return await once(request, who, lambda: campaigns(request).dial(contact_id, body.operator))


@router.post("/dnc", response_model=int)
async def add_dnc(change: DncChange, request: Request, who: Manager) -> Response:
    return await once(request, who, lambda: campaigns(request).add_dnc(change))


@router.post("/dnc/remove", response_model=int)
async def remove_dnc(change: DncChange, request: Request, who: Manager) -> Response:
    return await once(request, who, lambda: campaigns(request).remove_dnc(change))


@router.get("/dnc/{number}", response_model=list[DncHit])
async def check_dnc(number: Annotated[str, Path(min_length=1, max_length=60)],
                    request: Request, who: Reader,
                    campaign_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                    region: Annotated[str | None, Query(min_length=2, max_length=2)] = None
                    ) -> Response:
    return respond(await campaigns(request).check_dnc(number, campaign_id, region))
