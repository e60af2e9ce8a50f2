"""Outbound calls belong to whoever dials them: one rule for every store.

An inbound call waits in the queue until somebody claims it. An outbound call never does: it is
created active and held by the operator dialling it, so it can never sit at the head of the
queue for a colleague's claim, nor be put back there later. (Who may set priority, VIP and the
arrival time is a matter of role, decided by the server's policy.)
"""

from __future__ import annotations

from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.models import Call, CallDraft, CallState, Direction

QUEUED = frozenset({CallState.WAITING, CallState.OFFERED})


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


def check_state_change(call: Call, target: CallState) -> None:
    """Refuse putting a held outbound call into the queue. (One handed to a queue by a
    transfer is a new call the sender chose to queue; it is worked like any other.)"""
    if call.direction is Direction.OUTBOUND and call.state not in QUEUED and target in QUEUED:
        raise Conflict(_("call {id} is an outbound call; it never goes into the queue").format(
            id=call.id), current=call)
