"""Who may transfer a call and who may answer a transfer offer: one rule for every store.

A store calls these inside the transaction that changes the call, with the facts it read there
(who holds the call, the actor's role, whether the target is a person), so the rule is written
once and holds on every backend, not only behind the server's role check (docs/ARCHITECTURE.md:
decided by who holds the record and by role, never only by a name the request carries).

- Transfer: the operator holding the call, or a supervisor or admin. A call nobody holds (still
  in the queue) may be transferred by anyone who could answer it.
- Answer an offer: its target, or a supervisor or admin when the target is not a person (a
  department, a queue, or a queue name not in the directory): somebody must answer for those.
- Take an offer back: whoever made it, the operator holding the call, or a supervisor or admin.
- An announced or escalation offer is refused at once when its target is offline or paused
  (do not disturb); an escalation goes to the next free supervisor instead. It waits at most
  its timeout (DEFAULT_OFFER_TIMEOUT unless the draft says), then it is timed_out; when its
  call ends first, it is withdrawn. The call stays with the operator either way.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from backends.calls.models import CALL_TRANSITIONS, Call, CallState
from backends.errors import Conflict, Forbidden, Invalid
from backends.i18n import _
from backends.people.models import Presence, Role
from backends.transfers.models import Transfer, TransferKind, TransferStatus

if TYPE_CHECKING:
    from backends.transfers.inputs import TransferDraft

DEFAULT_OFFER_TIMEOUT = 30  # seconds an announced or escalation offer waits for its answer

# roles that act for others (the same two the server lets name another operator)
ACTS_FOR_OTHERS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def check_may_transfer(call: Call, actor: str, role: Role | None) -> None:
    """`role`: the actor's role in the store, None when the name is not an operator."""
    if call.operator is None or call.operator == actor or role in ACTS_FOR_OTHERS:
        return
    raise Forbidden(_("call {id} is handled by '{other}', not by '{actor}': only they or a "
                      "supervisor may transfer it").format(
        id=call.id, other=call.operator, actor=actor))


def check_may_answer(transfer: Transfer, by: str, role: Role | None,
                     target_is_person: bool) -> None:
    """`target_is_person`: the target is an operator login or a directory person or outside
    number, whose own answer nobody else gives."""
    if by == transfer.target:
        return
    if role in ACTS_FOR_OTHERS and not target_is_person:
        return
    raise Forbidden(_("transfer {id} is offered to '{target}', not to '{by}'").format(
        id=transfer.id, target=transfer.target, by=by))


# blind and queue transfers complete at once; warm and escalation ones wait for an answer
IMMEDIATE = frozenset({TransferKind.BLIND, TransferKind.QUEUE})


def check_transferable(call: Call) -> None:
    if CallState.TRANSFERRED not in CALL_TRANSITIONS[call.state]:
        raise Conflict(_("call {id} is {state} and can no longer be transferred").format(
            id=call.id, state=call.state.value), current=call)


def check_named(by: str) -> None:
    if not by or not by.strip():
        raise Invalid("by", _("a transfer is answered by a named operator"))


def tickets_carried(call: Call, transfer: Transfer) -> list[int]:
    """The new call carries the old one's tickets and the one the transfer names."""
    tickets = list(call.ticket_ids)
    if transfer.ticket_id is not None and transfer.ticket_id not in tickets:
        tickets.append(transfer.ticket_id)
    return tickets


def check_may_cancel(transfer: Transfer, by: str, role: Role | None,
                     holder: str | None) -> None:
    """`holder`: the operator holding the transfer's call now."""
    if by in (transfer.from_operator, holder) or role in ACTS_FOR_OTHERS:
        return
    raise Forbidden(_("transfer {id} was offered by '{other}': only they or a supervisor may "
                      "take it back").format(id=transfer.id, other=transfer.from_operator))


def waits_for_answer(kind: TransferKind) -> bool:
    return kind not in IMMEDIATE


def expires_at(draft: TransferDraft, now: datetime) -> datetime | None:
    if not waits_for_answer(draft.kind):
        return None
    seconds = draft.timeout_seconds or DEFAULT_OFFER_TIMEOUT
    return now + timedelta(seconds=seconds)


def lapsed(transfer: Transfer, call_state: CallState, now: datetime) -> TransferStatus | None:
    """What an unanswered offer has become by `now`: withdrawn once its call can no longer be
    transferred (it ended), timed_out past its time; None while it still waits."""
    if transfer.status is not TransferStatus.OFFERED:
        return None
    if CallState.TRANSFERRED not in CALL_TRANSITIONS[call_state]:
        return TransferStatus.WITHDRAWN
    if transfer.expires_at is not None and now >= transfer.expires_at:
        return TransferStatus.TIMED_OUT
    return None


# presences in which nobody is offered a call: away, or do not disturb (a pause)
UNREACHABLE = frozenset({Presence.OFFLINE, Presence.PAUSED, Presence.AWAY, Presence.DND})


def unreachable_reason(target: str, presence: Presence | None) -> str | None:
    """Why an offer to `target` cannot be answered now; None when it can (or when the target
    has no presence: a department or a queue)."""
    if presence is Presence.OFFLINE:
        return _("{target} is offline").format(target=target)
    if presence is Presence.PAUSED:
        return _("{target} is paused (do not disturb)").format(target=target)
    if presence is Presence.AWAY:
        return _("{target} is away").format(target=target)
    if presence is Presence.DND:
        return _("{target} does not want to be disturbed").format(target=target)
    return None


def refuse_not_taking(reason: str) -> Invalid:
    return Invalid("target", _("{reason}: the call stays with you; take a message "
                               "instead").format(reason=reason))


def refuse_unreachable(reason: str, kind: TransferKind) -> Invalid:
    if kind is TransferKind.ESCALATION:
        return Invalid("target", _("{reason} and no other supervisor is free: the call stays "
                                   "with you").format(reason=reason))
    return Invalid("target", _("{reason}: the call stays with you").format(reason=reason))
