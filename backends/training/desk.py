"""The lab at the real desk: the scenario's caller put in the queue (`stage`), and the
trainee's work on that call at the desk read from the change feed as the lab's actions
(`DeskFollower`), so the automatic scoring measures what was done with the console's own
tools (docs/ARCHITECTURE.md). Only through the domains' interfaces: any backend."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backends.calls.api import Calls
from backends.calls.models import Call, CallState
from backends.customers.api import Customers
from backends.feed.models import Event
from backends.tickets.api import Tickets
from backends.training.play import TraineeAction
from backends.training.scenarios import Action, Scenario
from backends.transfers.models import TransferKind

LAB_QUEUE = "general"
NO_NUMBER = "+390600000000"  # a persona without a number of its own rings from this one
ENDED = frozenset({CallState.WRAP_UP.value, CallState.DONE.value,
                   CallState.TRANSFERRED.value})


async def stage(customers: Customers, calls: Calls, scenario: Scenario, trainee: str) -> Call:
    """A call from the persona's number offered to `trainee` alone (it rings at their desk,
    never in the shared queue: another trainee can neither see nor answer it), its customer
    record found by that number or made from the scenario's records (the trainee finds it at
    the desk)."""
    from backends.calls.inputs import CallDraft  # pydantic: only when a call is staged
    from backends.customers.inputs import CustomerDraft

    persona = scenario.persona
    caller = persona.phone or NO_NUMBER
    record: Any = scenario.records.get("customer")
    named = isinstance(record, dict) and bool(record.get("name"))
    if named and not await customers.find_customers_by_phone(caller):
        await customers.create_customer(CustomerDraft(
            name=str(record["name"]), phones=[str(p) for p in record.get("phones", [])]
            or [caller], email=record.get("email"), language=persona.language))
    return await calls.create_call(CallDraft(caller=caller, queue=LAB_QUEUE,
                                             offered_to=trainee))


def persona_numbers(scenarios: Iterable[Scenario]) -> frozenset[str]:
    """The numbers the scenarios' callers ring from, and their customer records' phones: a
    lab's own callers (the simulator never calls from them, console/simulator.py)."""
    found: set[str] = set()
    for scenario in scenarios:
        found.add(scenario.persona.phone or NO_NUMBER)
        record: Any = scenario.records.get("customer")
        if isinstance(record, dict):
            found.update(str(phone) for phone in record.get("phones", []) or [])
    return frozenset(found)


class DeskFollower:
    """What the trainee did to the staged call, from the change feed: answered, identified
    (the customer set on the call), ticket (category and priority), escalated (the ticket's
    tier, or an escalation transfer), transferred (the target), notes, hung up, outcome."""

    def __init__(self, trainee: str, call_id: int, calls: Calls, customers: Customers,
                 tickets: Tickets) -> None:
        self.trainee, self.call_id = trainee, call_id
        self.calls, self.customers, self.tickets = calls, customers, tickets
        self.ticket_ids: set[int] = set()
        self.answered = self.ended = False

    async def actions(self, event: Event, at: float) -> list[TraineeAction]:
        found = [TraineeAction(kind=kind, value=value, at=at)
                 for kind, value in await self._read(event)]
        return found

    async def _read(self, event: Event) -> list[tuple[Action, str | None]]:
        data, subject = event.data, event.subject
        if subject == f"call:{self.call_id}":
            return await self._call(event.kind, data)
        number = subject.partition(":")[2]
        if event.kind == "ticket.created" and data.get("call_id") == self.call_id:
            ticket = await self.tickets.get_ticket(int(number))
            self.ticket_ids.add(ticket.id)
            category = ticket.category.value if ticket.category else ""
            priority = ticket.priority.value if ticket.priority else ""
            return [(Action.TICKET, f"{category}:{priority}")]
        if number.isdigit() and int(number) in self.ticket_ids:
            if event.kind == "ticket.escalated":
                return [(Action.ESCALATE, str(data.get("tier", "")))]
            if event.kind == "ticket.entry" and data.get("kind") == "note":
                return [(Action.NOTE, None)]
        if event.kind == "transfer.created" and data.get("call_id") == self.call_id:
            if data.get("kind") == TransferKind.ESCALATION.value:
                return [(Action.ESCALATE, "2")]
            return [(Action.TRANSFER, str(data.get("target", "")))]
        return []

    async def _call(self, kind: str, data: dict[str, Any]) -> list[tuple[Action, str | None]]:
        found: list[tuple[Action, str | None]] = []
        taken = (kind == "call.claimed" or (kind == "call.state" and data.get("to") == "active"
                                             and data.get("from") in ("waiting", "offered")))
        if taken and not self.answered and data.get("operator") == self.trainee:
            self.answered = True
            found.append((Action.ANSWER, None))
        if kind == "call.state" and data.get("to") in ENDED and not self.ended:
            self.ended = True
            found.append((Action.HANG_UP, None))
        if kind == "call.state" and data.get("to") == "done" and data.get("disposition"):
            found.append((Action.OUTCOME, str(data["disposition"])))
        if kind == "call.updated":
            fields = set(data.get("fields") or [])
            call = await self.calls.get_call(self.call_id)
            if "customer_id" in fields and call.customer_id is not None:
                customer = await self.customers.get_customer(call.customer_id)
                found.append((Action.IDENTIFY, customer.name))
            if "notes" in fields and call.notes.strip():
                found.append((Action.NOTE, None))
            if "disposition" in fields and call.disposition:
                found.append((Action.OUTCOME, call.disposition))
        return found


OPEN = (CallState.WAITING, CallState.OFFERED, CallState.ACTIVE, CallState.ON_HOLD,
        CallState.WRAP_UP)


async def staged_call(calls: Calls, scenario: Scenario, trainee: str) -> Call | None:
    """The scenario's call still open at this trainee's desk, offered to them or in their
    hands (a console opened again mid-call finds it; another trainee's is never theirs)."""
    phone = scenario.persona.phone
    found = [c for c in await calls.list_calls(states=OPEN, operator=trainee, limit=500)
             if c.caller == phone]
    return max(found, key=lambda c: c.id) if found else None
