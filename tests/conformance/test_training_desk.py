"""The lab at the real desk, on every backend: the scenario's caller is staged in the queue
with its customer, and what the trainee does to that call with the desk's own use cases
(answer, set the customer, open a ticket, escalate it, note, end, outcome) is read back from
the change feed as the lab's actions, which score the scenario (backends/training/desk.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.calls.inputs import CallChanges
from backends.calls.models import CallState
from backends.errors import Conflict
from backends.protocol import Backend
from backends.tickets.inputs import TicketDraft
from backends.tickets.models import TicketCategory, TicketPriority
from backends.training.catalog import load_library
from backends.training.desk import DeskFollower, stage, staged_call
from backends.training.play import auto_scores
from backends.training.scenarios import Action
from tests.conformance.helpers import operator

LIB = load_library([Path(__file__).resolve().parents[2] / "data" / "training"])


async def test_work_at_the_desk_becomes_the_labs_actions(backend: Backend) -> None:
    scenario = LIB.scenarios["complaint-double-charge"]
    await operator(backend, "ada")
    start = await backend.feed.last_event_id()
    call = await stage(backend.customers, backend.calls, scenario, "ada")
    assert call.caller == scenario.persona.phone and call.state.value == "offered"
    assert call.operator == "ada"
    (customer,) = await backend.customers.find_customers_by_phone(call.caller)
    assert customer.name == "Marco Bianchi"
    again = await stage(backend.customers, backend.calls, scenario, "ada")  # no 2nd customer
    assert len(await backend.customers.find_customers_by_phone(again.caller)) == 1

    answered = await backend.calls.answer_call(call.id, "ada")
    await backend.calls.update_call(call.id, answered.version,
                                    CallChanges(customer_id=customer.id))
    ticket = await backend.tickets.create_ticket(TicketDraft(
        subject="Charged twice", call_id=call.id, customer_id=customer.id,
        category=TicketCategory.REFUND, priority=TicketPriority.HIGH, author="ada"))
    await backend.tickets.escalate_ticket(ticket.id, ticket.version, "ada", "refund")
    current = await backend.calls.get_call(call.id)  # the ticket linked it: a new version
    await backend.calls.update_call(call.id, current.version, CallChanges(notes="double charge"))
    await backend.calls.end_call(call.id, "ada")
    await backend.calls.finish_call(call.id, "ada", "COMPLAINT")

    follower = DeskFollower("ada", call.id, backend.calls, backend.customers, backend.tickets)
    found = []
    for event in await backend.feed.read_events(start, limit=500):
        found.extend(await follower.actions(event, at=1.0))
    kinds = [(a.kind, a.value) for a in found]
    assert kinds[0] == (Action.ANSWER, None)
    assert (Action.IDENTIFY, "Marco Bianchi") in kinds
    assert (Action.TICKET, "refund:high") in kinds
    assert (Action.ESCALATE, "2") in kinds
    assert (Action.NOTE, None) in kinds
    assert kinds[-2:] == [(Action.HANG_UP, None), (Action.OUTCOME, "COMPLAINT")]
    assert [k for k, _v in kinds].count(Action.ANSWER) == 1
    scores = auto_scores(LIB.form_of(scenario.id), scenario, found)
    assert scores["right_customer"] == 1 and scores["ticket_category"] == 1
    assert scores["ticket_priority"] == 1 and scores["escalation"] == 1
    assert scores["outcome"] == 1 and scores["identified_first"] == 1


async def test_each_trainees_staged_call_is_theirs_alone(backend: Backend) -> None:
    """Two trainees on the same scenario (the same caller's number): each staged call is
    offered to its trainee only; neither can answer the other's, answering the next call
    takes one's own, and a console opened again finds its own call, never the other's."""
    scenario = LIB.scenarios["identify-calm"]
    for name in ("ada", "bruno"):
        await operator(backend, name)
    adas = await stage(backend.customers, backend.calls, scenario, "ada")
    brunos = await stage(backend.customers, backend.calls, scenario, "bruno")
    assert (await staged_call(backend.calls, scenario, "ada")) == adas
    assert (await staged_call(backend.calls, scenario, "bruno")) == brunos
    with pytest.raises(Conflict):
        await backend.calls.answer_call(adas.id, "bruno")
    taken = await backend.calls.answer_call(None, "bruno")
    assert taken.id == brunos.id and taken.operator == "bruno"
    assert (await backend.calls.get_call(adas.id)).state is CallState.OFFERED
    assert (await staged_call(backend.calls, scenario, "bruno")) == taken
    mine = await backend.calls.answer_call(None, "ada")
    assert mine.id == adas.id and mine.operator == "ada"
