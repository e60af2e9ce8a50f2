"""The rules of parking, one set for every store (docs/ARCHITECTURE.md):

- a call is parked by the operator holding it (or a supervisor or admin), while it is talking
  (active or on hold); it waits on hold in the first free slot (1 … SLOTS) or the one asked for,
  and its operator is free meanwhile;
- anybody who works calls picks a parked call up from its slot; it becomes theirs, active;
- a call still parked RETURN_SECONDS after it was parked (or the time asked for) comes back to
  whoever parked it: it waits in their own queue (named after them, as a transfer to a person);
- a parked call whose caller hung up is closed as ended.
The service records the returns due before each use case, by its own clock, so they hold on
every store.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backends.calls.models import Call, CallState
from backends.errors import Conflict, Forbidden, Invalid
from backends.i18n import _
from backends.parking.models import ParkedCall, ParkStatus
from backends.people.models import Role

SLOTS = 9  # one digit picks a slot
RETURN_SECONDS = 120
MIN_RETURN, MAX_RETURN = 5, 3600
PARKABLE = frozenset({CallState.ACTIVE, CallState.ON_HOLD})
ACTS_FOR_OTHERS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def check_may_park(call: Call, by: str, role: Role | None) -> None:
    if call.state not in PARKABLE:
        raise Conflict(_("call {id} is {state}: only a call in progress can be parked").format(
            id=call.id, state=call.state.value), current=call)
    if call.operator != by and role not in ACTS_FOR_OTHERS:
        raise Forbidden(_("call {id} is handled by '{other}', not by '{by}'").format(
            id=call.id, other=call.operator, by=by))


def check_slot(slot: int | None) -> None:
    if slot is not None and not 1 <= slot <= SLOTS:
        raise Invalid("slot", _("a parking slot is a number from 1 to {n}").format(n=SLOTS))


def free_slot(wanted: int | None, taken: set[int]) -> int:
    if wanted is not None:
        if wanted in taken:
            raise Conflict(_("slot {slot} already holds a call").format(slot=wanted))
        return wanted
    for slot in range(1, SLOTS + 1):
        if slot not in taken:
            return slot
    raise Conflict(_("all {n} parking slots are taken").format(n=SLOTS))


def returns_at(now: datetime, seconds: int | None) -> datetime:
    seconds = RETURN_SECONDS if seconds is None else seconds
    if not MIN_RETURN <= seconds <= MAX_RETURN:
        raise Invalid("return_after", _("a parked call comes back after {low} to {high} "
                                        "seconds").format(low=MIN_RETURN, high=MAX_RETURN))
    return now + timedelta(seconds=seconds)


def lapsed(parked: ParkedCall, call_state: CallState, now: datetime) -> ParkStatus | None:
    """What a parked call has become by `now`: ended when its caller hung up, returned past its
    time; None while it stays parked."""
    if parked.status is not ParkStatus.PARKED:
        return None
    if call_state is not CallState.ON_HOLD:
        return ParkStatus.ENDED
    if now >= parked.returns_at:
        return ParkStatus.RETURNED
    return None


def queue_of(name: str) -> str:
    return name[:60]
