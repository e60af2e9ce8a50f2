"""The callbacks rules, one place for every store (docs/ARCHITECTURE.md): when a callback is
due, when its window closes, when a personal one is handed over to anyone, who is offered it,
who may make, complete or reschedule it, and whether it was made inside its window.

- Due: an open callback whose due time has come.
- Window: [due_at, due_at + window_minutes). Made inside it when first attempted inside it.
- Hand-over: a personal callback still open when its window plus its grace have passed becomes
  "anyone" (its owner and the supervisors are told through the change feed).
- Offered to: its owner while personal; anyone (working any queue) once "anyone".
- Make, complete, reschedule: the operator it is offered to (make), the one dialling it
  (complete), its owner or anyone once it is "anyone"; supervisors and admins act for others.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backends.callbacks.models import (
    MAX_HISTORY,
    Callback,
    CallbackEntry,
    CallbackScope,
    CallbackState,
)
from backends.errors import Conflict, Forbidden, Invalid
from backends.i18n import _
from backends.people.models import Role

ACTS_FOR_OTHERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
# a callback booked further back than this is a typing mistake, not a promise
MAX_PAST_BOOKING = timedelta(days=1)
MAX_AHEAD = timedelta(days=366)


def ends(due_at: datetime, window_minutes: int, grace_minutes: int) -> dict[str, datetime]:
    """When the window closes (`window_end`) and when a personal callback goes to anyone
    (`handover_at`); a store keeps both beside the due time, so it can find what is overdue
    without knowing the rule."""
    closes = due_at + timedelta(minutes=window_minutes)
    return {"window_end": closes, "handover_at": closes + timedelta(minutes=grace_minutes)}


def window_end(callback: Callback) -> datetime:
    return ends(callback.due_at, callback.window_minutes, callback.grace_minutes)["window_end"]


def handover_at(callback: Callback) -> datetime:
    return ends(callback.due_at, callback.window_minutes,
                callback.grace_minutes)["handover_at"]


def effective_scope(callback: Callback, now: datetime) -> CallbackScope:
    """The scope at `now`: a personal one still open past its window and grace is anyone's."""
    if (callback.scope is CallbackScope.PERSONAL and callback.state is CallbackState.OPEN
            and now >= handover_at(callback)):
        return CallbackScope.ANYONE
    return callback.scope


def is_due(callback: Callback, now: datetime) -> bool:
    return callback.state is CallbackState.OPEN and callback.due_at <= now


def offered_to(callback: Callback, operator: str, now: datetime) -> bool:
    if effective_scope(callback, now) is CallbackScope.ANYONE:
        return True
    return callback.owner == operator


def needs_handover(callback: Callback, now: datetime) -> bool:
    return (callback.scope is CallbackScope.PERSONAL
            and effective_scope(callback, now) is CallbackScope.ANYONE)


def made_in_window(callback: Callback) -> bool:
    made = callback.first_made_at
    return made is not None and callback.due_at <= made < window_end(callback)


def window_closed(callback: Callback, now: datetime) -> bool:
    return now >= window_end(callback)


def check_named(operator: str, field: str = "operator") -> None:
    if not operator or not operator.strip():
        raise Invalid(field, _("a callback is worked by a named operator"))


def check_due_time(due_at: datetime, now: datetime, field: str = "due_at") -> None:
    if due_at < now - MAX_PAST_BOOKING:
        raise Invalid(field, _("{when} is in the past; give a time from now on").format(
            when=due_at.isoformat(timespec="minutes")))
    if due_at > now + MAX_AHEAD:
        raise Invalid(field, _("{when} is more than a year ahead").format(
            when=due_at.isoformat(timespec="minutes")))


def check_may_make(callback: Callback, actor: str, role: Role | None, now: datetime) -> None:
    if callback.state is not CallbackState.OPEN:
        raise Conflict(_("callback {id} is {state}, not waiting to be made").format(
            id=callback.id, state=callback.state.value), current=callback)
    if offered_to(callback, actor, now) or role in ACTS_FOR_OTHERS:
        return
    raise Forbidden(_("callback {id} is {owner}'s own until {when}").format(
        id=callback.id, owner=callback.owner,
        when=handover_at(callback).isoformat(timespec="minutes")))


def check_may_finish(callback: Callback, actor: str, role: Role | None, now: datetime) -> None:
    """Complete or reschedule: the one dialling it, or (when open) whoever it is offered to."""
    if callback.state is CallbackState.DONE:
        raise Conflict(_("callback {id} is already done ({outcome})").format(
            id=callback.id, outcome=callback.outcome or ""), current=callback)
    if role in ACTS_FOR_OTHERS:
        return
    if callback.state is CallbackState.DIALLING:
        if callback.made_by == actor:
            return
        raise Forbidden(_("callback {id} is being made by '{other}'").format(
            id=callback.id, other=callback.made_by or ""))
    if offered_to(callback, actor, now):
        return
    raise Forbidden(_("callback {id} is {owner}'s own").format(id=callback.id,
                                                                owner=callback.owner))


def check_outcome(outcome: str) -> None:
    if not outcome or not outcome.strip():
        raise Invalid("outcome", _("a callback is done only with an outcome"))


def check_history_room(callback: Callback) -> None:
    if len(callback.history) >= MAX_HISTORY:
        raise Invalid("due_at", _("callback {id} has been rescheduled too often; complete it "
                                  "with an outcome and book a new one").format(id=callback.id))


def entry(now: datetime, by: str, what: str, due_at: datetime | None = None,
          note: str = "") -> CallbackEntry:
    return CallbackEntry(at=now, by=by, what=what, due_at=due_at, note=note)
