"""The people domain's steps that other domains' services run inside their own transaction
(docs/ARCHITECTURE.md, "Import rules": a domain's `api`, `models` and `steps` are what others
may import): whether a colleague or a department takes calls now, by the people domain's rules
(presence set to away or do-not-disturb; opening hours and public holidays, hours.py).
"""

from __future__ import annotations

from datetime import datetime

from backends.i18n import _
from backends.people.hours import closed_reason, off_work_reason
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence


def not_taking_calls(target: str, found: Operator | DirectoryEntry | None,
                     now: datetime) -> str | None:
    """Why `target` takes no transfer of any kind now, with its note: away or do not disturb
    (a person), or outside its opening hours or on a public holiday (a department or a queue
    in the directory, or a person of the directory outside their working hours); None when
    it takes calls. The caller is offered to leave a message."""
    if found is None:
        return None
    if isinstance(found, Operator):
        note, back = found.pause_reason, found.back_at
    else:
        note, back = found.presence_note, found.back_at
    if found.presence in (Presence.AWAY, Presence.DND):
        reason = (_("{target} is away") if found.presence is Presence.AWAY
                  else _("{target} does not want to be disturbed")).format(target=target)
        if note:
            reason += f" ({note})"
        if back is not None and back > now:
            reason += " " + _("until {time}").format(time=back.strftime("%H:%M UTC"))
        return reason
    if isinstance(found, DirectoryEntry):
        closed = closed_for(found, now)
        if closed is not None:
            return _("{target} is {closed}").format(target=target, closed=closed)
    return None


def closed_for(entry: DirectoryEntry, now: datetime) -> str | None:
    """Why a directory entry takes no calls at `now` by its hours and holidays: a department's
    or queue's opening hours, a person's working hours; None when open (or no hours set)."""
    reason = off_work_reason if entry.kind is DirectoryKind.PERSON else closed_reason
    return reason(entry.hours, entry.holidays, entry.timezone, now)
