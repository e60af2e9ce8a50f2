"""Call-script answers on every backend: stored with the call, its campaign, contact and
customer, listed back by each, refused for a missing call, a step answered twice or a call
answered already (README, "Call scripts")."""

from __future__ import annotations

import pytest

from backends.campaigns.api import CAMPAIGNS
from backends.customers.models import Consent
from backends.errors import Conflict, Invalid
from backends.protocol import Backend
from backends.scripts.api import SCRIPTS, Scripts
from backends.scripts.inputs import ScriptAnswersDraft
from backends.scripts.models import GivenAnswer
from tests.conformance.helpers import call, customer, operator
from tests.conformance.test_campaigns import contact_draft, new_campaign


def scripts(backend: Backend) -> Scripts:
    return backend.domain(SCRIPTS)


def draft(call_id: int, **fields: object) -> ScriptAnswersDraft:
    values: dict[str, object] = {
        "call_id": call_id, "operator": "anna", "script": "satisfaction", "language": "it",
        "answers": [GivenAnswer(step="greeting", value="yes"),
                    GivenAnswer(step="rating", value="4"),
                    GivenAnswer(step="comment", value="Più veloce, grazie")],
        "completed": True, **fields}
    return ScriptAnswersDraft.model_validate(values)


async def test_answers_of_a_dialled_contact_are_stored_with_the_call(backend: Backend) -> None:
    await operator(backend, "anna")
    campaign = await new_campaign(backend)
    known = await customer(backend, "Ada Rossi", phones=["+390612345673"],
                           consent=Consent(marketing=True))
    service = backend.domain(CAMPAIGNS)
    await service.add_contacts(campaign.id, [contact_draft(phone="+390612345673")])
    contact = await service.next_contact(campaign.id, "anna")
    assert contact is not None
    dialled = await service.dial(contact.id, "anna")
    assert dialled.call_id is not None
    before = await backend.feed.last_event_id()
    stored = await scripts(backend).record_answers(draft(
        dialled.call_id, campaign_id=campaign.id, contact_id=contact.id,
        customer_id=known.id))
    assert [(a.step, a.value) for a in stored.answers] == [
        ("greeting", "yes"), ("rating", "4"), ("comment", "Più veloce, grazie")]
    assert (stored.call_id, stored.campaign_id, stored.contact_id, stored.customer_id,
            stored.completed, stored.language) == (
        dialled.call_id, campaign.id, contact.id, known.id, True, "it")
    for key in ({"call_id": dialled.call_id}, {"campaign_id": campaign.id},
                {"contact_id": contact.id}, {"customer_id": known.id}):
        assert await scripts(backend).list_answers(**key) == [stored]
    assert await scripts(backend).list_answers(campaign_id=campaign.id + 1) == []
    kinds = [e.kind for e in await backend.feed.read_events(before)]
    assert kinds == ["script.answered"]


async def test_a_script_left_part_way_keeps_where_it_was_left(backend: Backend) -> None:
    await operator(backend, "anna")
    placed = await call(backend)
    stored = await scripts(backend).record_answers(draft(
        placed.id, answers=[GivenAnswer(step="greeting", value="no")], completed=False,
        left_at="rating"))
    assert (stored.completed, stored.left_at) == (False, "rating")
    newest = await scripts(backend).list_answers(limit=1)
    assert newest == [stored]


async def test_bad_answers_are_refused(backend: Backend) -> None:
    await operator(backend, "anna")
    placed = await call(backend)
    with pytest.raises(Invalid) as missing:
        await scripts(backend).record_answers(draft(999_999))
    assert missing.value.field == "call_id"
    with pytest.raises(Invalid) as twice:
        await scripts(backend).record_answers(draft(placed.id, answers=[
            GivenAnswer(step="rating", value="4"), GivenAnswer(step="rating", value="5")]))
    assert twice.value.field == "answers[1].step"
    await scripts(backend).record_answers(draft(placed.id))
    with pytest.raises(Conflict):
        await scripts(backend).record_answers(draft(placed.id))
    assert len(await scripts(backend).list_answers(call_id=placed.id)) == 1
