"""The calls use cases over a `CallsStorage`: the rules of backends/calls/rules.py run here,
once, for every store (docs/ARCHITECTURE.md). Each use case is one storage transaction: the
call, the operator's presence that follows it, and their events are committed together.

`follow_presence`, the step another domain's service runs inside its own transaction when it
moves a call (transfers), is in backends/calls/steps.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from backends import phones
from backends.calls import rules
from backends.calls.models import Call, CallState, Channel
from backends.calls.steps import follow_presence
from backends.errors import Conflict, Invalid, NotFound
from backends.i18n import _
from backends.people.models import Presence
from backends.revalidation import revalidate

if TYPE_CHECKING:  # the Protocols type the service; a store never needs them at run time
    from backends.calls.inputs import CallChanges, CallDraft
    from backends.calls.references import CallReferences
    from backends.calls.storage import CallsStorage, CallsWriter


# -- steps inside one transaction --------------------------------------------------------------
def ensure_presence(tx: CallsWriter, operator: str, presence: Presence) -> None:
    """What set_presence(operator, presence) leaves (no pause reason), with no second change
    and event when the call already moved the operator there. Invalid for a stranger: the
    operator is what is wrong, not the call (a console answering says "no call is waiting"
    on NotFound)."""
    current = tx.presence_of(operator)
    if current is None:
        raise Invalid("operator", _("there is no operator '{name}'").format(name=operator))
    if current == (presence, None):
        return
    tx.set_presence(operator, presence, None)
    tx.append_event("operator.presence", f"operator:{operator}",
                    {"presence": presence.value, "from": current[0].value, "reason": None})


def check_disposition(tx: CallsWriter, code: str) -> None:
    if not tx.disposition_exists(code):
        raise Invalid("disposition", _("'{code}' is not a known call outcome").format(code=code))


def check_customer(tx: CallsWriter, customer_id: int | None) -> None:
    if customer_id is not None and not tx.customer_exists(customer_id):
        raise Invalid("customer_id", _("there is no customer {id}").format(id=customer_id))


def claim_one(tx: CallsWriter, call_id: int, operator: str) -> Call | None:
    """Claimed, or None when the call is not there to be claimed by this operator: taken, or
    offered to somebody else (read only then, so a plain claim costs no extra read)."""
    if not tx.claim(call_id, operator, (CallState.WAITING,)):
        offered = tx.get_call(call_id)
        if (offered.state is not CallState.OFFERED or rules.rings_for_another(offered, operator)
                or not tx.claim(call_id, operator, (CallState.OFFERED,))):
            return None
    tx.append_event("call.claimed", f"call:{call_id}", {"operator": operator})
    follow_presence(tx, operator, CallState.ACTIVE)
    return tx.get_call(call_id)


def claim_in(tx: CallsWriter, call_id: int | None, operator: str) -> Call:
    """Claim `call_id`, or the head of the queue when None."""
    if call_id is not None:
        claimed = claim_one(tx, call_id, operator)
        if claimed is not None:
            return claimed
        current = tx.get_call(call_id)  # NotFound when there is no such call
        if rules.rings_for_another(current, operator):
            raise Conflict(_("call {id} is offered to {who}; only they can answer it").format(
                id=call_id, who=current.operator), current=current)
        raise Conflict(_("call {id} is already {state} ({who})").format(
            id=call_id, state=current.state.value, who=current.operator or "-"),
            current=current)
    # a call ringing for this operator comes first, then the shared queue; inside the
    # transaction nobody can race us, but a lost conditional update still moves on
    for head in [*tx.offered_to(operator, 5), *tx.queue_heads(20)]:
        claimed = claim_one(tx, head, operator)
        if claimed is not None:
            return claimed
    raise NotFound(_("no call is waiting"))


def change_state(tx: CallsWriter, call_id: int, target: CallState, operator: str | None,
                 disposition: str | None) -> Call:
    """Move the call along CALL_TRANSITIONS, conditionally on the state it was read in."""
    current = tx.get_call(call_id)
    rules.check_transition(current, target)
    outcome = rules.outcome_after(current, target, disposition)
    if disposition:
        check_disposition(tx, disposition)
    elif target is CallState.DONE and outcome:
        check_disposition(tx, outcome)
    who = operator or current.operator
    fields = {"state": target, "disposition": outcome,
              **rules.transition_fields(current, target, who, tx.now)}
    if not tx.update_if_state(call_id, current.state, fields):
        raise Conflict(_("call {id} changed meanwhile").format(id=call_id),
                       current=tx.get_call(call_id))
    tx.append_event("call.state", f"call:{call_id}",
                    {"from": current.state.value, "to": target.value, "operator": who,
                     "disposition": outcome})
    follow_presence(tx, who, target)
    return tx.get_call(call_id)


def edit(tx: CallsWriter, call_id: int, version: int, changes: dict[str, Any]) -> Call:
    """The edit of a call's fields, conditionally on its version."""
    current = tx.get_call(call_id)
    if current.version != version:
        raise Conflict(_("call {id} was changed by someone else (version {v})").format(
            id=call_id, v=current.version), current=current)
    fields: dict[str, object] = {}
    for name, value in changes.items():
        if name == "ticket_ids":
            continue
        if name == "customer_id":
            check_customer(tx, value)
        elif name == "disposition" and value:
            check_disposition(tx, value)
        elif name in ("queue", "priority", "notes") and value is None:
            continue
        fields[name] = value
    if not tx.update_if_version(call_id, version, fields):
        raise Conflict(_("call {id} was changed by someone else").format(id=call_id),
                       current=tx.get_call(call_id))
    if changes.get("ticket_ids") is not None:
        for ticket_id in changes["ticket_ids"]:
            if not tx.ticket_exists(ticket_id):
                raise Invalid("ticket_ids", _("there is no ticket {id}").format(id=ticket_id))
        tx.link_tickets(call_id, changes["ticket_ids"])
    tx.append_event("call.updated", f"call:{call_id}", {"fields": sorted(changes)})
    return tx.get_call(call_id)


def match_customer(tx: CallsWriter, caller: str) -> int | None:
    """The one customer with this address or number; None for none or several."""
    ids = (tx.customers_by_email(caller.lower(), 2) if "@" in caller
           else tx.customers_by_phone(caller))
    return ids[0] if len(ids) == 1 else None


class CallsService:
    """The `Calls` interface (backends/calls/api.py) over a `CallsStorage`."""

    def __init__(self, storage: CallsStorage, region: str,
                 references: CallReferences | None = None) -> None:
        self.storage = storage
        self.region = region  # where a caller's national number is read
        # customers and tickets kept elsewhere (a composed backend's), made referable first
        self.references = references

    async def create_call(self, draft: CallDraft) -> Call:
        if self.references is not None:
            draft = await self.references.new_call(draft)
        draft = revalidate(draft)
        holder = rules.holder_at_creation(draft)
        offered_to = rules.offered_at_creation(draft)
        caller = draft.caller
        if draft.channel in (Channel.VOICE, Channel.SMS):
            caller = phones.try_normalize(caller, self.region) or caller

        def write(tx: CallsWriter) -> Call:
            customer_id = draft.customer_id
            if customer_id is not None:
                check_customer(tx, customer_id)
            else:
                customer_id = match_customer(tx, caller)
            if offered_to is not None and tx.presence_of(offered_to) is None:
                raise Invalid("offered_to", _("there is no operator '{name}'").format(
                    name=offered_to))
            vip = draft.vip
            if customer_id is not None and not vip:
                vip = rules.is_vip(tx.customer_tags(customer_id))
            # an outbound call is its dialler's from the start, never queued; an offered one
            # rings for one operator only
            state = (CallState.ACTIVE if holder else
                     CallState.OFFERED if offered_to else CallState.WAITING)
            call_id = tx.insert_call({
                "channel": draft.channel, "direction": draft.direction, "caller": caller,
                "customer_id": customer_id, "queue": draft.queue, "priority": draft.priority,
                "vip": vip, "state": state, "arrived_at": draft.arrived_at or tx.now,
                "answered_at": tx.now if holder else None, "operator": holder or offered_to,
                "notes": draft.notes, "version": 1})
            tx.append_event("call.created", f"call:{call_id}",
                            {"queue": draft.queue, "customer_id": customer_id, "vip": vip,
                             "operator": holder, "offered_to": offered_to})
            follow_presence(tx, holder, state)
            return tx.get_call(call_id)

        return await self.storage.write(write)

    async def get_call(self, call_id: int) -> Call:
        return await self.storage.get_call(call_id)

    async def list_calls(self, *, states: Sequence[CallState] | None = None,
                         customer_id: int | None = None, operator: str | None = None,
                         limit: int = 100) -> list[Call]:
        wanted = [CallState(s) for s in states or ()]
        queue_view = bool(wanted) and set(wanted) <= set(rules.CLAIMABLE)
        return await self.storage.list_calls(states=wanted, customer_id=customer_id,
                                             operator=operator, limit=max(0, int(limit)),
                                             queue_order=queue_view)

    async def claim_call(self, call_id: int | None, operator: str) -> Call:
        rules.check_operator_named(operator)
        return await self.storage.write(lambda tx: claim_in(tx, call_id, operator))

    async def set_call_state(self, call_id: int, state: CallState, *,
                             operator: str | None = None,
                             disposition: str | None = None) -> Call:
        target = CallState(state)
        return await self.storage.write(
            lambda tx: change_state(tx, call_id, target, operator, disposition))

    async def update_call(self, call_id: int, version: int, changes: CallChanges) -> Call:
        if self.references is not None:
            await self.references.call_changes(changes)
        changes = revalidate(changes)
        fields = {name: getattr(changes, name) for name in changes.model_fields_set}
        return await self.storage.write(lambda tx: edit(tx, call_id, version, fields))

    # -- the operator's use cases: the call and the presence in one transaction ---------------
    async def answer_call(self, call_id: int | None, operator: str) -> Call:
        rules.check_operator_named(operator)

        def write(tx: CallsWriter) -> Call:
            call = claim_in(tx, call_id, operator)
            ensure_presence(tx, operator, Presence.ON_CALL)
            return call

        return await self.storage.write(write)

    async def end_call(self, call_id: int, operator: str) -> Call:
        rules.check_operator_named(operator)

        def write(tx: CallsWriter) -> Call:
            call = tx.get_call(call_id)
            if call.state in rules.TALKING:
                call = change_state(tx, call_id, CallState.WRAP_UP, operator, None)
            elif call.state not in rules.AWAITING_OUTCOME:
                raise rules.not_allowed(call, CallState.WRAP_UP)
            ensure_presence(tx, operator, Presence.WRAP_UP)
            return call

        return await self.storage.write(write)

    async def finish_call(self, call_id: int, operator: str, disposition: str) -> Call:
        rules.check_operator_named(operator)
        if not disposition or not disposition.strip():
            raise Invalid("disposition", _("a finished call needs an outcome"))

        def write(tx: CallsWriter) -> Call:
            call = tx.get_call(call_id)
            if call.state is CallState.WRAP_UP:
                call = change_state(tx, call_id, CallState.DONE, operator, disposition)
            elif call.state is CallState.TRANSFERRED:
                if call.disposition != disposition:  # the same outcome again is no edit
                    call = edit(tx, call_id, call.version, {"disposition": disposition})
            else:
                raise rules.not_allowed(call, CallState.DONE)
            ensure_presence(tx, operator, Presence.AVAILABLE)
            return call

        return await self.storage.write(write)
