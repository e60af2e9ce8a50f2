"""What a change of an appointment tells the people it concerns, in their console (the main
screen says it whatever pane is open): the colleague met learns that one was booked with
them, moved or called off by someone else, and whoever booked it learns that the colleague
(or a supervisor) moved it or called it off. Names come from the event, sanitised; the
appointments view (Shift+F4) has the rest (README, "Appointments")."""

from __future__ import annotations

from datetime import datetime

from backends.feed.models import Event
from backends.i18n import _
from backends.sanitize import clean_line
from screens.common.render import local_time

KINDS = frozenset({"appointment.booked", "appointment.rescheduled", "appointment.cancelled"})


def _when(value: object) -> str:
    try:
        return local_time(datetime.fromisoformat(str(value)))
    except ValueError:
        return ""


def appointment_notice(event: Event, login: str, display_name: str) -> str | None:
    """The line for the operator signed in as `login` (display name `display_name`), or None
    when the change is not theirs to hear of (or they made it)."""
    if event.kind not in KINDS:
        return None
    data = event.data
    person = str(data.get("person") or "")
    booker = str(data.get("booked_by") or "")
    actor = str(data.get("by") or booker)
    if actor == login:
        return None
    mine = {login.casefold(), display_name.casefold()} - {""}
    when = _when(data.get("starts_at"))
    words = {"person": clean_line(person, 60), "by": clean_line(actor, 40), "when": when,
             "was": _when(data.get("was"))}
    if person.casefold() in mine:
        if event.kind == "appointment.booked":
            return _("{by} booked an appointment with you: {when}").format(**words)
        if event.kind == "appointment.rescheduled":
            return _("{by} moved your appointment of {was} to {when}").format(**words)
        return _("{by} called off your appointment of {when}").format(**words)
    if booker == login and event.kind != "appointment.booked":
        if event.kind == "appointment.rescheduled":
            return _("{by} moved the appointment you booked with {person} to {when}").format(
                **words)
        return _("{by} called off the appointment you booked with {person} ({when})").format(
            **words)
    return None
