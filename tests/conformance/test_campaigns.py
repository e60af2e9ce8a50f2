"""Outbound campaigns on every backend: campaigns with outcomes and retry rules, contacts
normalised, de-duplicated and linked to customers, the next contact in order and claimed once,
an attempt's outcome scheduling the retry, progress (README, "Outbound campaigns")."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from backends.calls.models import CallState, Direction
from backends.campaigns.api import CAMPAIGNS, Campaigns
from backends.campaigns.inputs import (
    AttemptDraft,
    CampaignChanges,
    CampaignDraft,
    ContactDraft,
    DncChange,
)
from backends.campaigns.linking import link_customers
from backends.campaigns.models import Campaign, ContactState, DialMode, DncList, Outcome, Purpose
from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.customers.models import Consent
from backends.errors import Conflict, Invalid, NotFound
from backends.people.models import Presence
from backends.protocol import Backend
from tests.conformance.helpers import operator

OUTCOMES = [
    Outcome(code="sale", label="Sale", contact=True, conversion=True, final=True),
    Outcome(code="no_answer", label="No answer", retry_minutes=120, max_attempts=3),
    Outcome(code="busy", label="Busy", retry_minutes=10, max_attempts=5),
    Outcome(code="callback", label="Call me back", contact=True, callback=True,
            retry_minutes=60, max_attempts=5),
    Outcome(code="dnc", label="Do not call me again", contact=True, dnc=True),
]


ALL_DAY = {"hours_start": time(0), "hours_end": time(23, 59, 59, 999999),
           "weekdays": list(range(7)), "business_override": True}


def campaigns(backend: Backend) -> Campaigns:
    return backend.domain(CAMPAIGNS)


def contact_draft(phone: str, **fields: Any) -> ContactDraft:
    """A business number, for a campaign that calls businesses at any hour and on holidays:
    the tests here run at any time of any day (hours are tested in tests/campaigns)."""
    return ContactDraft(phone=phone, business=True, **fields)


async def new_campaign(backend: Backend, name: str = "Winter offer") -> Campaign:
    return await campaigns(backend).create_campaign(CampaignDraft(
        name=name, purpose=Purpose.TELESELLING, dial_mode=DialMode.PROGRESSIVE,
        outcomes=OUTCOMES, queue="outbound", team="sales", **ALL_DAY))


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
        name="Ada Lovelace", phones=["+390612345678"], consent=Consent(marketing=True)))
    campaign = await new_campaign(backend)
    drafts = await link_customers(backend.customers, [
        contact_draft(phone="06 1234 5678", name="Ada", fields={"product": "router"}),
        contact_draft(phone="0039 06 12345678", name="Ada again"),
        contact_draft(phone="+44 20 7946 0958", name="Grace"),
    ])
    assert [d.customer_id for d in drafts] == [ada.id, ada.id, None]
    added = await campaigns(backend).add_contacts(campaign.id, drafts)
    assert (added.added, added.duplicates) == (2, 1)
    again = await campaigns(backend).add_contacts(campaign.id, [
        contact_draft(phone="020 7946 0958")], region="GB")
    assert (again.added, again.duplicates) == (0, 1)
    first = await campaigns(backend).next_contact(campaign.id, "anna")
    assert first is not None
    assert (first.phone, first.customer_id, first.fields) == (
        "+390612345678", ada.id, {"product": "router"})
    with pytest.raises(Invalid) as caught:
        await campaigns(backend).add_contacts(campaign.id, [
            contact_draft(phone="+442079460959"), contact_draft(phone="not a number")])
    assert caught.value.field == "contacts[1].phone", caught.value.message
    assert (await campaigns(backend).progress(campaign.id)).contacts == 2


async def test_next_contact_order_and_claimed_once(backend: Backend) -> None:
    campaign = await new_campaign(backend)
    await campaigns(backend).add_contacts(campaign.id, [
        contact_draft(phone="+390612345671", name="low"),
        contact_draft(phone="+390612345672", name="high", priority=5),
        contact_draft(phone="+390612345673", name="mid", priority=1),
    ])
    got = [await campaigns(backend).next_contact(campaign.id, name)
           for name in ("anna", "bruno", "carla", "dario")]
    assert [c.name if c else None for c in got] == ["high", "mid", "low", None]
    assert [c.claimed_by for c in got if c] == ["anna", "bruno", "carla"]
    assert all(c.state is ContactState.CLAIMED for c in got if c)


async def test_outcomes_schedule_retries_and_end_contacts(backend: Backend) -> None:
    campaign = await new_campaign(backend)
    await campaigns(backend).add_contacts(campaign.id, [
        contact_draft(phone="+390612345671", name="one"),
        contact_draft(phone="+390612345672", name="two")])
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
        contact_draft(phone="+390612345671", name="asked", priority=-5)])
    asked = await campaigns(backend).next_contact(campaign.id, "anna")
    assert asked is not None
    soon = datetime.now(UTC) - timedelta(seconds=1)
    booked = await campaigns(backend).record_attempt(AttemptDraft(
        contact_id=asked.id, operator="anna", outcome="callback", callback_at=soon))
    assert booked.callback_at is not None and booked.state is ContactState.OPEN
    await campaigns(backend).add_contacts(campaign.id, [
        contact_draft(phone="+390612345672", name="urgent", priority=9)])
    again = await campaigns(backend).next_contact(campaign.id, "bruno")
    assert again is not None and again.name == "asked"  # the due callback before priority 9
    urgent = await campaigns(backend).next_contact(campaign.id, "bruno")
    assert urgent is not None and urgent.name == "urgent"


async def test_concurrent_operators_never_get_the_same_contact(backend: Backend) -> None:
    campaign = await new_campaign(backend)
    await campaigns(backend).add_contacts(campaign.id, [
        contact_draft(phone=f"+3906{10000000 + n}") for n in range(40)])

    async def take(operator: str) -> list[int]:
        got: list[int] = []
        while (contact := await campaigns(backend).next_contact(campaign.id, operator)):
            got.append(contact.id)
        return got

    results = await asyncio.gather(*(take(f"op{n}") for n in range(6)))
    handed = [i for got in results for i in got]
    assert len(handed) == 40 and len(set(handed)) == 40


async def test_do_not_call_lists_in_any_format(backend: Backend) -> None:
    service = campaigns(backend)
    campaign = await new_campaign(backend)
    assert await service.check_dnc("+39 06 1234 5678") == []
    added = await service.add_dnc(DncChange(numbers=["0039 06 12345678", "06 1234 5679"],
                                            reason="asked by letter"))
    assert added == 2
    for spelt in ("+390612345678", "0039 06 1234 5678", "06 12345678"):
        hits = await service.check_dnc(spelt, region="IT")
        assert [(h.list_name, h.reason) for h in hits] == [("internal", "asked by letter")]
    await service.add_dnc(DncChange(numbers=["020 7946 0958"], region="GB",
                                    list_name=DncList.UK_TPS))
    assert [h.list_name for h in await service.check_dnc("+442079460958")] == ["uk_tps"]
    await service.add_dnc(DncChange(numbers=["+390612345670"], list_name=DncList.CAMPAIGN,
                                    campaign_id=campaign.id))
    assert await service.check_dnc("+390612345670") == []  # another campaign may call it
    assert [h.campaign_id for h in await service.check_dnc(
        "+390612345670", campaign_id=campaign.id)] == [campaign.id]
    assert await service.remove_dnc(DncChange(numbers=["+390612345678"])) == 1
    assert await service.check_dnc("+390612345678") == []
    with pytest.raises(Invalid) as caught:
        await service.add_dnc(DncChange(numbers=["+390612345671", "nonsense"]))
    assert caught.value.field == "numbers[1]"
    with pytest.raises(Invalid):
        await service.check_dnc("nonsense")


async def test_dnc_is_checked_when_offering_and_again_when_dialling(backend: Backend) -> None:
    service = campaigns(backend)
    await operator(backend, "anna")
    campaign = await new_campaign(backend)
    await service.add_dnc(DncChange(numbers=["+390612345671"], list_name=DncList.IT_RPO))
    await service.add_contacts(campaign.id, [
        contact_draft(phone="+390612345671", name="registered", priority=9),
        contact_draft(phone="+390612345672", name="free", priority=5),
        contact_draft(phone="+390612345673", name="later")])
    free = await service.next_contact(campaign.id, "anna")
    assert free is not None and free.name == "free"  # the registered one was passed over
    # the number goes on the list after it was offered: dialling refuses it
    await service.add_dnc(DncChange(numbers=["+390612345672"], list_name=DncList.CAMPAIGN,
                                    campaign_id=campaign.id))
    refused = await service.dial(free.id, "anna")
    assert refused.call_id is None and [h.list_name for h in refused.blocked] == ["campaign"]
    assert refused.contact.state is ContactState.DONE
    later = await service.next_contact(campaign.id, "anna")
    assert later is not None and later.name == "later"
    dialled = await service.dial(later.id, "anna")
    assert dialled.call_id is not None and dialled.blocked == []
    call = await backend.calls.get_call(dialled.call_id)
    assert (call.direction, call.caller, call.operator, call.state) == (
        Direction.OUTBOUND, "+390612345673", "anna", CallState.ACTIVE)
    with pytest.raises(Conflict):
        await service.dial(later.id, "bruno")
    progress = await service.progress(campaign.id)
    assert (progress.contacts, progress.left) == (3, 1)


async def test_do_not_call_me_again_blocks_every_campaign(backend: Backend) -> None:
    service = campaigns(backend)
    first = await new_campaign(backend, "first")
    second = await new_campaign(backend, "second")
    for campaign in (first, second):
        await service.add_contacts(campaign.id, [contact_draft(phone="+390612345671")])
    taken = await service.next_contact(first.id, "anna")
    assert taken is not None
    await service.record_attempt(AttemptDraft(contact_id=taken.id, operator="anna",
                                              outcome="dnc"))
    assert [h.list_name for h in await service.check_dnc("+390612345671")] == ["internal"]
    assert await service.next_contact(second.id, "anna") is None


async def test_customers_without_marketing_consent_are_not_called(backend: Backend) -> None:
    await backend.customers.create_customer(CustomerDraft(
        name="Ada Lovelace", phones=["+390612345678"]))
    hits = await campaigns(backend).check_dnc("+390612345678")
    assert [h.list_name for h in hits] == ["consent"]


async def test_a_customer_who_objects_is_never_offered_nor_dialled(backend: Backend) -> None:
    """Consent read where the customers live (on RT: in RT, not in the store beside it)."""
    objector = await backend.customers.create_customer(CustomerDraft(
        name="Ada Lovelace", phones=["+390612345678"]))
    willing = await backend.customers.create_customer(CustomerDraft(
        name="Grace Hopper", phones=["+390612345679"], consent=Consent(marketing=True)))
    service = campaigns(backend)
    campaign = await new_campaign(backend)
    await service.add_contacts(campaign.id, [contact_draft("+390612345678"),
                                             contact_draft("+390612345679")])
    taken = await service.next_contact(campaign.id, "anna")
    assert taken is not None and taken.phone == "+390612345679"
    assert await service.next_contact(campaign.id, "anna") is None  # the objector: closed
    # consent withdrawn between the offer and the dial: checked again when dialling
    await backend.customers.update_customer(willing.id, willing.version, CustomerChanges(
        consent=Consent(marketing=False)))
    dialled = await service.dial(taken.id, "anna")
    assert dialled.call_id is None
    assert [h.list_name for h in dialled.blocked] == ["consent"]
    assert objector.id != willing.id


async def test_a_campaign_s_key_settings_are_changed_and_checked_as_a_whole(
        backend: Backend) -> None:
    service = campaigns(backend)
    created = await new_campaign(backend)
    other = await new_campaign(backend, "Spring survey")
    changed = await service.update_campaign(created.id, CampaignChanges(
        dial_mode=DialMode.PREVIEW, hours_start=time(10), hours_end=time(18), team="care"))
    assert (changed.dial_mode, changed.hours_start, changed.hours_end, changed.team) == (
        DialMode.PREVIEW, time(10), time(18), "care")
    assert (changed.name, changed.outcomes) == (created.name, created.outcomes)  # kept
    assert await service.get_campaign(created.id) == changed
    with pytest.raises(Invalid):  # ending before it starts, once merged
        await service.update_campaign(created.id, CampaignChanges(hours_end=time(9)))
    with pytest.raises(Conflict):
        await service.update_campaign(created.id, CampaignChanges(name=other.name))
    with pytest.raises(NotFound):
        await service.update_campaign(999_999, CampaignChanges(team="x"))
    assert (await service.get_campaign(created.id)).hours_end == time(18)


async def test_live_and_abandoned_calls_give_the_pacing_share(backend: Backend) -> None:
    service = campaigns(backend)
    campaign = await new_campaign(backend)
    assert not (await service.progress(campaign.id)).may_dial_ahead  # 1 of 1 would be 100 %
    for _n in range(33):
        progress = await service.record_live_call(campaign.id, abandoned=False)
    assert progress.may_dial_ahead  # one abandon more: 1 of 34, 2.9 %
    progress = await service.record_live_call(campaign.id, abandoned=True)
    assert (progress.live_24h, progress.abandoned_24h) == (34, 1)
    assert progress.abandon_share == pytest.approx(1 / 34)
    assert not progress.may_dial_ahead  # 2 of 35 would be 5.7 %
    assert (await service.progress(campaign.id)) == progress
    with pytest.raises(NotFound):
        await service.record_live_call(999_999, abandoned=False)


async def test_an_operator_signing_out_gives_their_contacts_back(backend: Backend) -> None:
    await operator(backend, "anna")
    await operator(backend, "bruno")
    campaign = await new_campaign(backend)
    await campaigns(backend).add_contacts(campaign.id, [
        contact_draft(phone="+390612345671", name="first", priority=5),
        contact_draft(phone="+390612345672", name="second")])
    held = await campaigns(backend).next_contact(campaign.id, "anna")
    assert held is not None and held.name == "first" and held.claimed_at is not None
    await backend.people.set_presence("anna", Presence.OFFLINE)  # anna signs out
    again = await campaigns(backend).next_contact(campaign.id, "bruno")
    assert again is not None and again.id == held.id and again.claimed_by == "bruno"
    with pytest.raises(Conflict):  # anna's claim is gone
        await campaigns(backend).record_attempt(AttemptDraft(
            contact_id=held.id, operator="anna", outcome="busy"))
    await backend.people.set_presence("anna", Presence.AVAILABLE)  # back: claims anew
    second = await campaigns(backend).next_contact(campaign.id, "anna")
    assert second is not None and second.name == "second"
    assert await campaigns(backend).next_contact(campaign.id, "carla") is None  # kept


async def test_a_claim_left_alone_past_its_lease_goes_back(backend: Backend) -> None:
    await operator(backend, "anna")
    campaign = await campaigns(backend).create_campaign(CampaignDraft(
        name="Short lease", outcomes=OUTCOMES, claim_lease_minutes=0.01, **ALL_DAY))  # 0.6 s
    assert campaign.claim_lease_minutes == 0.01
    await campaigns(backend).add_contacts(campaign.id, [contact_draft(phone="+390612345671")])
    held = await campaigns(backend).next_contact(campaign.id, "anna")
    assert held is not None
    assert await campaigns(backend).next_contact(campaign.id, "bruno") is None  # still anna's
    await asyncio.sleep(0.7)  # longer than the lease: a wait, not a timed assertion
    again = await campaigns(backend).next_contact(campaign.id, "bruno")
    assert again is not None and again.id == held.id and again.claimed_by == "bruno"
    events = [e for e in await backend.feed.read_events(0)
              if e.kind == "campaign.claim_released"]
    assert [e.subject for e in events] == [f"contact:{held.id}"]


@pytest.mark.parametrize(("fields", "field"), [
    ({"priority": 500}, "priority"), ({"name": "x" * 201}, "name"),
    ({"fields": {"k": 1}}, "fields"), ({"customer_id": 0}, "customer_id")])
async def test_contacts_built_without_validation_are_checked(
        backend: Backend, fields: dict[str, object], field: str) -> None:
    campaign = await new_campaign(backend)
    good = contact_draft(phone="+390612345671")
    bad = ContactDraft.model_construct(**{**dict(contact_draft(phone="+390612345672")),
                                          **fields})
    with pytest.raises(Invalid) as caught:
        await campaigns(backend).add_contacts(campaign.id, [good, bad])
    assert (caught.value.field or "").split(".")[0].split("[")[0] in (field, "contacts")
    assert (await campaigns(backend).progress(campaign.id)).contacts == 0
