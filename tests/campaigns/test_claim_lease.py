"""Claims that lapse, against a clock the test moves, on real SQLite storage (a file in the
test's folder; only the campaigns service's clock is the test's): a contact claimed and left
alone goes back to the others once the campaign's lease has run out, not before; placing the
call starts the lease again and an operator on the call or wrapping it up keeps the contact;
an operator who was offline already when claiming (a console that never signs in) keeps it
for the lease; the operator whose claim lapsed and was taken by another gets Conflict
(backends/campaigns/rules.py: claim_lapsed; every backend: tests/conformance/test_campaigns.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from backends.campaigns.inputs import AttemptDraft, CampaignDraft, ContactDraft
from backends.campaigns.models import Outcome
from backends.campaigns.service import CampaignsService
from backends.errors import Conflict
from backends.people.models import Disposition, Operator, Presence
from backends.sqlite import SqliteBackend
from backends.sqlite.campaigns_storage import SqliteCampaignsStorage

OUTCOMES = [Outcome(code="no_answer", label="No answer", retry_minutes=1, max_attempts=2)]
ALL_DAY = {"hours_start": time(0), "hours_end": time(23, 59, 59, 999999),
           "weekdays": list(range(7)), "business_override": True}


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def setup(backend: SqliteBackend, clock: Clock, **campaign: object
                ) -> tuple[CampaignsService, int]:
    cs = CampaignsService(SqliteCampaignsStorage(backend._store), "IT", clock)
    created = await cs.create_campaign(CampaignDraft(name="c", outcomes=OUTCOMES,
                                                     **ALL_DAY, **campaign))  # type: ignore[arg-type]
    await cs.add_contacts(created.id, [ContactDraft(phone="+390612345671", business=True)])
    for name in ("anna", "bruno"):
        await backend.people.upsert_operator(Operator(name=name, presence=Presence.AVAILABLE))
    return cs, created.id


async def test_the_default_lease_runs_out_after_15_minutes(tmp_path: Path) -> None:
    clock = Clock(datetime.now(UTC))
    async with SqliteBackend(tmp_path / "store.db") as backend:
        cs, campaign = await setup(backend, clock)
        held = await cs.next_contact(campaign, "anna")
        assert held is not None
        clock.now += timedelta(minutes=14, seconds=59)
        assert await cs.next_contact(campaign, "bruno") is None  # anna's still
        clock.now += timedelta(seconds=1)
        again = await cs.next_contact(campaign, "bruno")
        assert again is not None and again.id == held.id and again.claimed_by == "bruno"
        with pytest.raises(Conflict):
            await cs.record_attempt(AttemptDraft(contact_id=held.id, operator="anna",
                                                 outcome="no_answer"))
        done = await cs.record_attempt(AttemptDraft(contact_id=held.id, operator="bruno",
                                                    outcome="no_answer"))
        assert done.claimed_by is None and done.claimed_at is None


async def test_a_call_placed_keeps_the_contact_with_its_operator(tmp_path: Path) -> None:
    clock = Clock(datetime.now(UTC))
    async with SqliteBackend(tmp_path / "store.db") as backend:
        cs, campaign = await setup(backend, clock, claim_lease_minutes=5)
        held = await cs.next_contact(campaign, "anna")
        assert held is not None
        clock.now += timedelta(minutes=4)
        dialled = await cs.dial(held.id, "anna")  # anna is on the call from now
        assert dialled.call_id is not None and dialled.contact.claimed_at == clock.now
        clock.now += timedelta(hours=2)  # a long call: the lease does not run under it
        assert await cs.next_contact(campaign, "bruno") is None
        await backend.calls.end_call(dialled.call_id, "anna")  # anna in wrap-up
        assert await cs.next_contact(campaign, "bruno") is None
        await backend.people.upsert_disposition(Disposition(code="DONE", label="Done"))
        await backend.calls.finish_call(dialled.call_id, "anna", "DONE")  # available again
        again = await cs.next_contact(campaign, "bruno")  # and no outcome given for 2 h
        assert again is not None and again.claimed_by == "bruno"


async def test_an_operator_offline_before_claiming_keeps_it_for_the_lease(
        tmp_path: Path) -> None:
    clock = Clock(datetime.now(UTC) + timedelta(seconds=1))
    async with SqliteBackend(tmp_path / "store.db") as backend:
        cs, campaign = await setup(backend, clock, claim_lease_minutes=10)
        await backend.people.set_presence("anna", Presence.OFFLINE)  # never signed in
        held = await cs.next_contact(campaign, "anna")  # claimed after going offline
        assert held is not None
        clock.now += timedelta(minutes=9)
        assert await cs.next_contact(campaign, "bruno") is None
        clock.now += timedelta(minutes=1)
        assert await cs.next_contact(campaign, "bruno") is not None


async def test_a_call_in_progress_keeps_it_for_an_operator_without_presence(
        tmp_path: Path) -> None:
    """"carla" is in no directory (no presence to follow her call): her call in progress is
    what keeps the contact with her."""
    clock = Clock(datetime.now(UTC))
    async with SqliteBackend(tmp_path / "store.db") as backend:
        cs, campaign = await setup(backend, clock, claim_lease_minutes=5)
        held = await cs.next_contact(campaign, "carla")
        assert held is not None
        dialled = await cs.dial(held.id, "carla")
        assert dialled.call_id is not None
        clock.now += timedelta(minutes=30)
        assert await cs.next_contact(campaign, "bruno") is None
