"""The outbound workspace's tests: a real SQLite store on a fresh file with two campaigns
that call at any hour (business contacts, every day), the shipped scripts, an app that shows
the workspace, and a far end played by the test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignDraft, ContactDraft
from backends.campaigns.models import Campaign, Contact, DialMode, Outcome, Purpose
from backends.campaigns.rules import default_outcomes
from backends.people.models import DirectoryEntry, Operator, Presence
from backends.protocol import Backend
from backends.scripts.definition import Script
from backends.scripts.loader import load_folders
from screens.campaigns.far_end import Pickup, Ring
from screens.campaigns.outbound_screen import OutboundScreen
from tests.scripts.test_loader import SHIPPED
from tests.ui.helpers import sqlite_backend

ALL_DAY: dict[str, Any] = {"hours_start": time(0), "hours_end": time(23, 59, 59, 999999),
           "weekdays": list(range(7)), "business_override": True}
SURVEY_OUTCOMES = [Outcome(code="completed", label="Survey completed", contact=True,
                           conversion=True, final=True), *default_outcomes()]


class PlayedFarEnd:
    """The other end as the test says: one Ring per dial, in order."""

    def __init__(self, *rings: Ring) -> None:
        self.rings = list(rings)
        self.dialled: list[str] = []

    async def ring(self, contact: Contact) -> Ring:
        self.dialled.append(contact.phone)
        return self.rings.pop(0) if self.rings else Ring(Pickup.ANSWERED)


class OutboundTestApp(App[None]):
    def __init__(self, screen: OutboundScreen) -> None:
        super().__init__()
        self.workspace = screen

    def on_mount(self) -> None:
        self.push_screen(self.workspace)


def scripts() -> dict[str, Script]:
    return load_folders([SHIPPED])


async def campaign(backend: Backend, name: str, mode: DialMode,
                   contacts: list[ContactDraft]) -> Campaign:
    service = backend.domain(CAMPAIGNS)
    made = await service.create_campaign(CampaignDraft(
        name=name, purpose=Purpose.SURVEY if "survey" in name else Purpose.TELESELLING,
        dial_mode=mode, outcomes=SURVEY_OUTCOMES if "survey" in name else default_outcomes(),
        **ALL_DAY))
    await service.add_contacts(made.id, contacts)
    return made


def fibre_contact(phone: str, name: str, priority: int = 0) -> ContactDraft:
    return ContactDraft(phone=phone, name=name, business=True, priority=priority,
                        fields={"offer": "Fibra 1000", "price": "€ 29"})


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Backend]:
    backend = sqlite_backend(tmp_path / "outbound.db")
    await backend.open()
    await backend.people.upsert_operator(Operator(name="anna", display_name="Anna Neri",
                                                  presence=Presence.AVAILABLE))
    for name in ("Marco Bellini", "Emma Hughes"):  # the sales colleagues of the directory
        await backend.people.upsert_directory_entry(DirectoryEntry(name=name,
                                                                   department="Sales"))
    try:
        yield backend
    finally:
        await backend.close()
