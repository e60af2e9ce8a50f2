"""The rules of people, one set for every store (docs/ARCHITECTURE.md): a pause needs a reason,
and only a pause keeps one; away and do-not-disturb may carry a note and a return time, which
nothing else keeps; a return time lies ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backends.errors import Invalid
from backends.i18n import _, number
from backends.people.models import Presence

DIRECTORY_QUERY_LENGTH = 200  # what a directory filter looks at, at most
NOTED = frozenset({Presence.PAUSED, Presence.AWAY, Presence.DND})  # keep a reason or note
RETURNING = frozenset({Presence.AWAY, Presence.DND})  # may say when they are back
NOTE_LENGTH = 80


def pause_reason(presence: Presence, reason: str | None) -> str | None:
    """The reason or note kept with `presence`: required for a pause, optional for away and
    do-not-disturb, dropped for anything else."""
    reason = (reason or "").strip() or None
    if presence is Presence.PAUSED and not reason:
        raise Invalid("reason", _("a pause needs a reason (break, training, back office, …)"))
    if reason is not None and len(reason) > NOTE_LENGTH:
        raise Invalid("reason", _("a note holds at most {n} characters").format(n=NOTE_LENGTH))
    return reason if presence in NOTED else None


def back_at(presence: Presence, when: datetime | None, now: datetime) -> datetime | None:
    """The return time kept with `presence`: only away and do-not-disturb keep one, and it
    must lie ahead of `now`."""
    if when is None or presence not in RETURNING:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when <= now:
        raise Invalid("back_at", _("the return time {when} has already passed").format(
            when=when.strftime("%Y-%m-%d %H:%M")))
    return when


# A console says every HEARTBEAT_EVERY seconds that it is alive (People.heartbeat); one that
# missed MISSED_BEATS words in a row is taken for dead (killed, its SSH link gone, its machine
# off) and its operator signed out, so nobody is put through to an empty chair. Only the
# presences that mean "at the desk, free or nearly" lapse: a call in hand is offered back at the
# next start (console/app.py), away and do-not-disturb say already that nobody answers.
HEARTBEAT_EVERY = 20.0  # seconds
MISSED_BEATS = 3
HEARTBEAT_BOUNDS = (0.1, 600.0)  # seconds a console may announce between its words
LAPSING = frozenset({Presence.AVAILABLE, Presence.WRAP_UP, Presence.PAUSED})


def heartbeat_deadline(every: float, now: datetime) -> datetime:
    """Until when a console that says it speaks again within `every` seconds counts as alive."""
    low, high = HEARTBEAT_BOUNDS
    if not low <= every <= high:
        raise Invalid("every", _("a console's heartbeat comes every {low} to {high} "
                                 "seconds, not {every}").format(
            low=number(low, 1, up_to=True), high=number(high),
            every=number(every, 3, up_to=True)))
    return now + timedelta(seconds=every * MISSED_BEATS)
