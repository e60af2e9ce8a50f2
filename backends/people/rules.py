"""The rules of people, one set for every store (docs/ARCHITECTURE.md): a pause needs a reason,
and only a pause keeps one."""

from __future__ import annotations

from backends.errors import Invalid
from backends.i18n import _
from backends.people.models import Presence

DIRECTORY_QUERY_LENGTH = 200  # what a directory filter looks at, at most


def pause_reason(presence: Presence, reason: str | None) -> str | None:
    """The reason kept with `presence`: required for a pause, dropped for anything else."""
    reason = (reason or "").strip() or None
    if presence is Presence.PAUSED and not reason:
        raise Invalid("reason", _("a pause needs a reason (break, training, back office, …)"))
    return reason if presence is Presence.PAUSED else None
