"""The outbound demo's data: two campaigns (a satisfaction survey worked in progressive mode,
a teleselling offer in preview) with contacts from Italy, Hungary, Romania and the UK, whose
scripts are the shipped data/scripts files, in the contact's language (README, "Outbound
workspace"). The demo's campaigns call at any hour on any day, so the demo works whenever it
is opened; a real campaign keeps its calling hours."""

from __future__ import annotations

from datetime import time
from typing import Any

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignDraft, ContactDraft
from backends.campaigns.models import DialMode, Outcome, Purpose
from backends.campaigns.rules import default_outcomes
from backends.errors import NotFound
from backends.i18n import N_
from backends.people.models import Operator, Presence
from backends.protocol import Backend

OUTBOUND_OPERATOR = "outbound"
ANY_HOUR: dict[str, Any] = {"hours_start": time(0), "hours_end": time(23, 59, 59, 999999),
            "weekdays": list(range(7)), "business_override": True}
# (phone, name, product) for the survey, one block per country
SURVEY = [
    ("+39 06 6988 1201", "Giulia Ferri", "router Fibra"),
    ("+39 02 7201 3345", "Marco Bassi", "modem 4G"),
    ("+39 011 561 2288", "Chiara Conti", "router Fibra"),
    ("+36 1 457 3321", "Kovács Anna", "router"),
    ("+36 1 234 5690", "Nagy Péter", "mobilinternet"),
    ("+40 21 312 4455", "Ion Popescu", "router"),
    ("+40 21 555 0199", "Maria Ionescu", "abonament mobil"),
    ("+44 20 7946 0311", "John Smith", "router"),
    ("+44 20 7946 0522", "Emma Brown", "mobile plan"),
]
# (phone, name, offer, price) for the teleselling offer
OFFER = [
    ("+39 06 6988 1410", "Luca Romano", "Fibra 1000", "€ 29,90"),
    ("+39 055 234 1177", "Sara Greco", "Fibra 1000", "€ 29,90"),
    ("+36 1 345 6712", "Szabó Gábor", "Optika 1000", "9 990 Ft"),
    ("+40 21 444 7788", "Andrei Stan", "Fibră 1000", "99 lei"),
    ("+44 20 7946 0733", "Oliver Jones", "Full Fibre 900", "£ 32"),
    ("+44 20 7946 0844", "Amelia Wilson", "Full Fibre 900", "£ 32"),
]


def survey_outcomes() -> list[Outcome]:
    return [Outcome(code="completed", label=N_("Survey completed"), contact=True,
                    conversion=True, final=True), *default_outcomes()]


async def ensure_outbound_demo(backend: Backend, operator: str = OUTBOUND_OPERATOR) -> None:
    """The demo's outbound operator and two campaigns, made once (kept on later starts)."""
    try:
        await backend.people.get_operator(operator)
    except NotFound:
        await backend.people.upsert_operator(Operator(
            name=operator, display_name="Olga Outbound", extension="310",
            languages=["it", "en", "hu", "ro"], presence=Presence.AVAILABLE))
    service = backend.domain(CAMPAIGNS)
    existing = {c.name for c in await service.list_campaigns()}
    if "Satisfaction survey" not in existing:
        survey = await service.create_campaign(CampaignDraft(
            name="Satisfaction survey", purpose=Purpose.SURVEY,
            dial_mode=DialMode.PROGRESSIVE, outcomes=survey_outcomes(), queue="outbound",
            team="care", **ANY_HOUR))
        await service.add_contacts(survey.id, [
            ContactDraft(phone=phone, name=name, business=True, fields={"product": product})
            for phone, name, product in SURVEY])
    if "Fibre offer" not in existing:
        offer = await service.create_campaign(CampaignDraft(
            name="Fibre offer", purpose=Purpose.TELESELLING, dial_mode=DialMode.PREVIEW,
            outcomes=default_outcomes(), queue="outbound", team="sales", **ANY_HOUR))
        await service.add_contacts(offer.id, [
            ContactDraft(phone=phone, name=name, business=True,
                         fields={"offer": offer_name, "price": price})
            for phone, name, offer_name, price in OFFER])
