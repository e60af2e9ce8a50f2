"""Campaigns on the wire: the bodies are the domain's models, named here so the server builds
their validators before its first request (backends/server/deps.py builds every model a wire
module holds), and the body of adding contacts. Part of the wire contract (backends/wire,
docs/ARCHITECTURE.md)."""

from __future__ import annotations

from pydantic import Field

from backends.campaigns.inputs import AttemptDraft, CampaignDraft, ContactDraft
from backends.campaigns.models import (
    MAX_CONTACTS_PER_CALL,
    AddedContacts,
    Campaign,
    Contact,
    Progress,
)
from backends.model_base import Model


class ContactsBody(Model):
    contacts: list[ContactDraft] = Field(max_length=MAX_CONTACTS_PER_CALL)
    region: str | None = Field(default=None, min_length=2, max_length=2)


class NextBody(Model):
    operator: str = Field(min_length=1, max_length=40)


class LiveCallBody(Model):
    abandoned: bool  # answered while no operator was free


__all__ = ["AddedContacts", "AttemptDraft", "Campaign", "CampaignDraft", "Contact",
           "ContactDraft", "ContactsBody", "LiveCallBody", "NextBody", "Progress"]
