"""The rules of calls, one set for every store (docs/ARCHITECTURE.md): who holds a new call,
which state may follow which, what a state change sets, the outcome a finished call needs,
and the presence an operator gets when their call moves.

Outbound calls belong to whoever dials them: an inbound call waits in the queue until somebody
claims it; an outbound call never does: it is created active and held by the operator dialling
it, so it can never sit at the head of the queue for a colleague's claim, nor be put back there
later. (Who may set priority, VIP and the arrival time is a matter of role, decided by the
server's policy.)
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from backends.calls.models import CALL_TRANSITIONS, Call, CallState, Direction
from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.people.models import Presence

if TYPE_CHECKING:
    from backends.calls.inputs import CallDraft

QUEUED = frozenset({CallState.WAITING, CallState.OFFERED})
CLAIMABLE = (CallState.WAITING, CallState.OFFERED)
ENDING = frozenset({CallState.WRAP_UP, CallState.DONE, CallState.ABANDONED,
                    CallState.TRANSFERRED})
TALKING = (CallState.ACTIVE, CallState.ON_HOLD)
# states whose outcome is still to be recorded (end_call leaves them, finish_call records it)
AWAITING_OUTCOME = (CallState.WRAP_UP, CallState.TRANSFERRED)
# presence an operator gets when their call reaches a state; only from these presences
PRESENCE_AFTER: dict[CallState, Presence] = {
    CallState.ACTIVE: Presence.ON_CALL,
    CallState.WRAP_UP: Presence.WRAP_UP,
    CallState.DONE: Presence.AVAILABLE,
    CallState.ABANDONED: Presence.AVAILABLE,
    CallState.TRANSFERRED: Presence.WRAP_UP,  # the outcome is still to be recorded
    CallState.WAITING: Presence.AVAILABLE,
}
BUSY = (Presence.ON_CALL, Presence.WRAP_UP)


def check_operator_named(operator: str | None) -> None:
    if not operator or not operator.strip():
        raise Invalid("operator", _("a call is answered by a named operator"))


def holder_at_creation(draft: CallDraft) -> str | None:
    """The operator a new call belongs to at once (outbound), or None (inbound: queued)."""
    if draft.direction is Direction.OUTBOUND:
        if not draft.operator:
            raise Invalid("operator", _("an outbound call is placed by a named operator"))
        return draft.operator
    if draft.operator is not None:
        raise Invalid("operator", _("an inbound call waits in the queue; it is taken by "
                                    "answering it, not given to an operator when created"))
    return None


def offered_at_creation(draft: CallDraft) -> str | None:
    """The one operator a new inbound call rings for, or None (it joins the shared queue)."""
    if draft.offered_to is not None and draft.direction is Direction.OUTBOUND:
        raise Invalid("offered_to", _("an outbound call belongs to whoever dials it; it is "
                                      "not offered to anybody"))
    return draft.offered_to


def rings_for_another(call: Call, operator: str) -> bool:
    """An offered call rings at one operator's desk: nobody else answers it."""
    return call.state is CallState.OFFERED and call.operator not in (None, operator)


def check_state_change(call: Call, target: CallState) -> None:
    """Refuse putting a held outbound call into the queue. (One handed to a queue by a
    transfer is a new call the sender chose to queue; it is worked like any other.)"""
    if call.direction is Direction.OUTBOUND and call.state not in QUEUED and target in QUEUED:
        raise Conflict(_("call {id} is an outbound call; it never goes into the queue").format(
            id=call.id), current=call)


def not_allowed(call: Call, target: CallState) -> Conflict:
    return Conflict(_("call {id} is {state}; it cannot become {target}").format(
        id=call.id, state=call.state.value, target=target.value), current=call)


def check_transition(call: Call, target: CallState) -> None:
    """Only along CALL_TRANSITIONS (Conflict carrying the call otherwise)."""
    check_state_change(call, target)
    if target not in CALL_TRANSITIONS[call.state]:
        raise not_allowed(call, target)


def outcome_after(call: Call, target: CallState, disposition: str | None) -> str | None:
    """The disposition the call keeps; a finished call needs one."""
    outcome = disposition or call.disposition
    if target is CallState.DONE and not outcome:
        raise Invalid("disposition", _("a finished call needs an outcome"))
    return outcome


def transition_fields(call: Call, target: CallState, who: str | None,
                      now: datetime) -> dict[str, object]:
    """What else a state change sets: who holds the call, when it was answered and ended."""
    fields: dict[str, object] = {}
    if target is CallState.ACTIVE:
        if not who:
            raise Invalid("operator", _("a call is answered by a named operator"))
        fields["operator"] = who
        fields["answered_at"] = call.answered_at or now
    elif target is CallState.OFFERED:
        fields["operator"] = who  # ringing at this operator's desk
    elif target is CallState.WAITING:
        fields["operator"] = None  # back in the queue, nobody's call
    if target in ENDING:
        fields["ended_at"] = call.ended_at or now
    return fields


def presence_following(state: CallState, current: Presence) -> Presence | None:
    """The operator's presence when their call reaches `state`, or None to leave it: paused
    or offline people keep what they chose when a call ends."""
    presence = PRESENCE_AFTER.get(state)
    if presence is None or current is presence:
        return None
    if presence is not Presence.ON_CALL and current not in BUSY:
        return None
    return presence


def is_vip(tags: list[str]) -> bool:
    return any(t.upper() == "VIP" for t in tags)
