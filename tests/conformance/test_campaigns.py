"""Outbound campaigns on every backend: campaigns with outcomes and retry rules, contacts
normalised, de-duplicated and linked to customers, the next contact in order and claimed once,
an attempt's outcome scheduling the retry, progress (README, "Outbound campaigns")."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest

from backends.campaigns.api import CAMPAIGNS, Campaigns
from backends.campaigns.linking import link_customers
from backends.campaigns.models import (
    AttemptDraft,
    Campaign,
    CampaignDraft,
    ContactDraft,
    ContactState,
    DialMode,
    Outcome,
    Purpose,
)
from backends.errors import Conflict, Invalid, NotFound
from backends.models import CustomerDraft
from backends.protocol import Backend

OUTCOMES = [
    Outcome(code="sale", label="Sale", contact=True, conversion=True, final=True),
    Outcome(code="no_answer", label="No answer", retry_minutes=120, max_attempts=3),
    Outcome(code="busy", label="Busy", retry_minutes=10, max_attempts=5),
    Outcome(code="callback", label="Call me back", contact=True, callback=True,
            retry_minutes=60, max_attempts=5),
    Outcome(code="dnc", label="Do not call me again", contact=True, dnc=True),
]


def campaigns(backend: Backend) -> Campaigns:
    return backend.domain(CAMPAIGNS)


async def new_campaign(backend: Backend, name: str = "Winter offer") -> Campaign:
    return await campaigns(backend).create_campaign(CampaignDraft(
        name=name, purpose=Purpose.TELESELLING, dial_mode=DialMode.PROGRESSIVE,
        outcomes=OUTCOMES, queue="outbound", team="sales"))


async def test_a_campaign_is_stored_with_its_outcomes_and_rules(backend: Backend) -> None:
    created = await new_campaign(backend)
    assert await campaigns(backend).get_campaign(created.id) == created
    assert (created.purpose, created.dial_mode, created.team) == (
        Purpose.TELESELLING, DialMode.PROGRESSIVE, "sales")
    assert [o.code for o in created.outcomes] == [o.code for o in OUTCOMES]
    assert created.outcomes[1].retry_minutes == 120 and created.outcomes[1].max_attempts == 3
    assert created.outcomes[0].conversion and created.outcomes[4].dnc
    assert [c.id for c in await campaigns(backend).list_campaigns()] == [created.id]
    with pytest.raises(Conflict):
        await new_campaign(backend)
    with pytest.raises(NotFound):
        await campaigns(backend).get_campaign(999_999)


async def test_bad_campaigns_are_refused(backend: Backend) -> None:
    values: dict[str, object] = {"name": "x", "outcomes": OUTCOMES}
    for changes in ({"outcomes": []}, {"hours_start": time(20), "hours_end": time(9)},
                    {"weekdays": [7]}, {"outcomes": [OUTCOMES[0], OUTCOMES[0]]}):
        with pytest.raises(Invalid):
            await campaigns(backend).create_campaign(
                CampaignDraft.model_construct(**{**values, **changes}))


async def test_contacts_are_normalised_deduplicated_and_linked(backend: Backend) -> None:
    ada = await backend.customers.create_customer(CustomerDraft(
        name="Ada Lovelace", phones=["+390612345678"]))
    campaign = await new_campaign(backend)
    drafts = await link_customers(backend.customers, [
        ContactDraft(phone="06 1234 5678", name="Ada", fields={"product": "router"}),
        ContactDraft(phone="0039 06 12345678", name="Ada again"),
        ContactDraft(phone="+44 20 7946 0958", name="Grace"),
    ])
    assert [d.customer_id for d in drafts] == [ada.id, ada.id, None]
    added = await campaigns(backend).add_contacts(campaign.id, drafts)
    assert (added.added, added.duplicates) == (2, 1)
    again = await campaigns(backend).add_contacts(campaign.id, [
        ContactDraft(phone="020 7946 0958")], region="GB")
    assert (again.added, again.duplicates) == (0, 1)
    first = await campaigns(backend).next_contact(campaign.id, "anna")
    assert first is not None
    assert (first.phone, first.customer_id, first.fields) == (
        "+390612345678", ada.id, {"product": "router"})
    with pytest.raises(Invalid) as caught:
        await campaigns(backend).add_contacts(campaign.id, [
            ContactDraft(phone="+442079460959"), ContactDraft(phone="not a number")])
    assert caught.value.field == "contacts[1].phone", caught.value.message
    assert (await campaigns(backend).progress(campaign.id)).contacts == 2


async def test_next_contact_order_and_claimed_once(backend: Backend) -> None:
    campaign = await new_campaign(backend)
    await campaigns(backend).add_contacts(campaign.id, [
        ContactDraft(phone="+390612345671", name="low"),
        ContactDraft(phone="+390612345672", name="high", priority=5),
        ContactDraft(phone="+390612345673", name="mid", priority=1),
    ])
    got = [await campaigns(backend).next_contact(campaign.id, name)
           for name in ("anna", "bruno", "carla", "dario")]
    assert [c.name if c else None for c in got] == ["high", "mid", "low", None]
    assert [c.claimed_by for c in got if c] == ["anna", "bruno", "carla"]
    assert all(c.state is ContactState.CLAIMED for c in got if c)


async def test_outcomes_schedule_retries_and_end_contacts(backend: Backend) -> None:
    campaign = await new_campaign(backend)
    await campaigns(backend).add_contacts(campaign.id, [
        ContactDraft(phone="+390612345671", name="one"),
        ContactDraft(phone="+390612345672", name="two")])
    one = await campaigns(backend).next_contact(campaign.id, "anna")
    two = await campaigns(backend).next_contact(campaign.id, "anna")
    assert one is not None and two is not None
    with pytest.raises(Conflict):
        await campaigns(backend).record_attempt(AttemptDraft(
            contact_id=one.id, operator="bruno", outcome="busy"))
    with pytest.raises(Invalid) as caught:
        await campaigns(backend).record_attempt(AttemptDraft(
            contact_id=one.id, operator="anna", outcome="nonsense"))
    assert caught.value.field == "outcome"
    before = datetime.now(UTC)
    retried = await campaigns(backend).record_attempt(AttemptDraft(
        contact_id=one.id, operator="anna", outcome="no_answer"))
    assert (retried.state, retried.attempts, retried.last_outcome) == (
        ContactState.OPEN, 1, "no_answer")
    assert retried.due_at is not None
    assert before + timedelta(minutes=119) < retried.due_at < before + timedelta(minutes=121)
    sold = await campaigns(backend).record_attempt(AttemptDraft(
        contact_id=two.id, operator="anna", outcome="sale"))
    assert sold.state is ContactState.DONE
    assert await campaigns(backend).next_contact(campaign.id, "anna") is None  # one waits
    progress = await campaigns(backend).progress(campaign.id)
    assert (progress.contacts, progress.left, progress.attempted, progress.reached,
            progress.converted) == (2, 1, 2, 1, 1)
    assert progress.by_outcome == {"no_answer": 1, "sale": 1}


async def test_a_due_callback_comes_first(backend: Backend) -> None:
    campaign = await new_campaign(backend)
    await campaigns(backend).add_contacts(campaign.id, [
        ContactDraft(phone="+390612345671", name="asked", priority=-5)])
    asked = await campaigns(backend).next_contact(campaign.id, "anna")
    assert asked is not None
    soon = datetime.now(UTC) - timedelta(seconds=1)
    booked = await campaigns(backend).record_attempt(AttemptDraft(
        contact_id=asked.id, operator="anna", outcome="callback", callback_at=soon))
    assert booked.callback_at is not None and booked.state is ContactState.OPEN
    await campaigns(backend).add_contacts(campaign.id, [
        ContactDraft(phone="+390612345672", name="urgent", priority=9)])
    again = await campaigns(backend).next_contact(campaign.id, "bruno")
    assert again is not None and again.name == "asked"  # the due callback before priority 9
    urgent = await campaigns(backend).next_contact(campaign.id, "bruno")
    assert urgent is not None and urgent.name == "urgent"


async def test_concurrent_operators_never_get_the_same_contact(backend: Backend) -> None:
    campaign = await new_campaign(backend)
    await campaigns(backend).add_contacts(campaign.id, [
        ContactDraft(phone=f"+3906{10000000 + n}") for n in range(40)])

    async def take(operator: str) -> list[int]:
        got: list[int] = []
        while (contact := await campaigns(backend).next_contact(campaign.id, operator)):
            got.append(contact.id)
        return got

    results = await asyncio.gather(*(take(f"op{n}") for n in range(6)))
    handed = [i for got in results for i in got]
    assert len(handed) == 40 and len(set(handed)) == 40
