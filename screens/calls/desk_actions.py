"""Which of the main screen's keys may run now, from the desk's state alone (the footer shows
only those; a disabled key lets the keystroke through to the focused field)."""

from __future__ import annotations

from backends.calls.models import CallState
from backends.people.models import Presence, Role
from screens.common.desk import Desk

TALKING = frozenset({CallState.ACTIVE, CallState.ON_HOLD})
MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})  # who manage campaigns


def action_enabled(desk: Desk, action: str) -> bool:
    presence = desk.operator.presence if desk.operator else None
    call = desk.call
    if action in ("answer_next", "answer_selected"):
        return desk.ready and presence is Presence.AVAILABLE and call is None
    if action in ("hold", "transfer"):
        return call is not None and call.state in TALKING
    if action == "end_call":
        return call is not None or presence is Presence.WRAP_UP
    if action == "pause":
        return desk.ready and call is None and presence in (Presence.AVAILABLE, Presence.PAUSED)
    if action in ("new_ticket", "another_ticket"):
        return desk.ready and (call is not None or desk.customer is not None)
    if action in ("show_customer", "edit_customer"):
        return desk.customer is not None
    if action in ("new_customer", "appointments"):
        return desk.ready
    if action == "campaigns":
        return desk.ready and desk.operator is not None and desk.operator.role in MANAGERS
    return True
