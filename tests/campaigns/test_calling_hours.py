"""Calling hours and holidays against a clock the test sets, on real SQLite storage (a file in
the test's folder; only the service's clock is the test's): hours in the contact's local time,
never on a public holiday of its country, the business override; and a Hypothesis property:
no contact is ever offered outside its hours, on a holiday, after its last attempt, or while
its number is on a do-not-call list (README, "Outbound campaigns")."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backends.campaigns.inputs import AttemptDraft, CampaignDraft, ContactDraft, DncChange
from backends.campaigns.models import Outcome
from backends.campaigns.service import CampaignsService
from backends.sqlite import SqliteBackend
from backends.sqlite.campaigns_storage import SqliteCampaignsStorage

ROME = ZoneInfo("Europe/Rome")
OUTCOMES = [Outcome(code="no_answer", label="No answer", retry_minutes=1, max_attempts=2)]
# the numbers of the four countries and, independently of the code under test, their zones
POOL = {"+390612345678": ("IT", "Europe/Rome"), "+393471234567": ("IT", "Europe/Rome"),
        "+442079460958": ("GB", "Europe/London"), "+3612345678": ("HU", "Europe/Budapest"),
        "+40211234567": ("RO", "Europe/Bucharest"), "+40721234567": ("RO", "Europe/Bucharest")}


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def service(backend: SqliteBackend, clock: Clock) -> CampaignsService:
    return CampaignsService(SqliteCampaignsStorage(backend._store), "IT", clock)


async def test_hours_are_the_contacts_local_time(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 3, 3, 9, 30, tzinfo=ROME))  # a Tuesday
    async with SqliteBackend(tmp_path / "store.db") as backend:
        cs = service(backend, clock)
        # anna holds the first contact for 12 hours here: a lease that long (claims that
        # lapse sooner are tests/campaigns/test_claim_lease.py's)
        campaign = await cs.create_campaign(CampaignDraft(
            name="c", outcomes=OUTCOMES, hours_start=time(9), hours_end=time(20),
            claim_lease_minutes=24 * 60))
        await cs.add_contacts(campaign.id, [ContactDraft(phone="+442079460958", priority=9),
                                            ContactDraft(phone="+390612345678")])
        rome = await cs.next_contact(campaign.id, "anna")  # 08:30 in London: not yet
        assert rome is not None and rome.phone == "+390612345678"
        clock.now = datetime(2026, 3, 3, 10, 0, 1, tzinfo=ROME)
        london = await cs.next_contact(campaign.id, "anna")
        assert london is not None and london.phone == "+442079460958"
        clock.now = datetime(2026, 3, 3, 20, 30, tzinfo=ROME)  # 19:30 in London
        dialled = await cs.dial(london.id, "anna")
        assert dialled.call_id is not None
        clock.now = datetime(2026, 3, 3, 21, 30, tzinfo=ROME)  # too late everywhere
        late = await cs.dial(rome.id, "anna")
        assert late.call_id is None and late.not_now
        assert late.contact.claimed_by is None  # released, to be called another time


async def test_never_on_a_public_holiday_unless_business(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 12, 8, 11, 0, tzinfo=ROME))  # Immacolata: holiday in Italy
    async with SqliteBackend(tmp_path / "store.db") as backend:
        cs = service(backend, clock)
        for override in (False, True):
            campaign = await cs.create_campaign(CampaignDraft(
                name=f"c{override}", outcomes=OUTCOMES, business_override=override))
            await cs.add_contacts(campaign.id, [
                ContactDraft(phone="+390612345678", priority=9),
                ContactDraft(phone="+390212345678", business=True, priority=5),
                ContactDraft(phone="+442079460958")])
            offered = [c.phone for c in [await cs.next_contact(campaign.id, "anna")
                                         for _ in range(3)] if c]
            assert offered == (["+390212345678", "+442079460958"] if override
                               else ["+442079460958"])


def _may_call(draft: CampaignDraft, phone: str, business: bool, now: datetime) -> bool:
    country, zone = POOL[phone]
    local = now.astimezone(ZoneInfo(zone))
    holiday = local.date() in holidays.country_holidays(country, years=local.year)
    return (local.weekday() in draft.weekdays
            and draft.hours_start <= local.time() < draft.hours_end
            and (not holiday or (business and draft.business_override)))


names = itertools.count()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 22), length=st.integers(1, 23),
       weekdays=st.sets(st.integers(0, 6), min_size=1), override=st.booleans(),
       contacts=st.lists(st.tuples(st.sampled_from(sorted(POOL)), st.booleans()),
                         min_size=1, max_size=6),
       dnc=st.sets(st.sampled_from(sorted(POOL)), max_size=3),
       times=st.lists(st.datetimes(min_value=datetime(2026, 1, 1),
                                   max_value=datetime(2026, 12, 31)), min_size=1, max_size=25))
def test_no_contact_is_offered_when_it_must_not_be(
        tmp_path: Path, start: int, length: int, weekdays: set[int], override: bool,
        contacts: list[tuple[str, bool]], dnc: set[str], times: list[datetime]) -> None:
    draft = CampaignDraft(name=f"p{next(names)}", outcomes=OUTCOMES, weekdays=sorted(weekdays),
                          hours_start=time(start), hours_end=time(min(23, start + length)),
                          business_override=override)
    if draft.hours_end <= draft.hours_start:
        return

    async def run() -> None:
        clock = Clock(datetime(2026, 1, 1, tzinfo=UTC))
        async with SqliteBackend(tmp_path / "property.db") as backend:
            cs = service(backend, clock)
            campaign = await cs.create_campaign(draft)
            await cs.add_contacts(campaign.id, [ContactDraft(phone=p, business=b)
                                                for p, b in contacts])
            if dnc:
                await cs.add_dnc(DncChange(numbers=sorted(dnc)))
            for moment in sorted(times):
                clock.now = moment.replace(tzinfo=UTC)
                got = await cs.next_contact(campaign.id, "anna")
                if got is None:
                    continue
                assert got.phone not in dnc
                assert got.attempts < 2  # the outcome allows two attempts
                assert _may_call(draft, got.phone, got.business, clock.now), (got, clock.now)
                clock.now += timedelta(seconds=1)
                await cs.record_attempt(AttemptDraft(contact_id=got.id, operator="anna",
                                                     outcome="no_answer"))

    asyncio.run(run())
