"""The appointments domain's rules: a colleague is never booked twice for the same time, an
appointment is booked (and moved) into the future, and only who booked it, the colleague met,
a supervisor or an admin cancels or moves it. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from backends.appointments.models import Appointment, AppointmentStatus
from backends.errors import Conflict, Forbidden
from backends.i18n import _
from backends.people.models import Role

if TYPE_CHECKING:
    from backends.appointments.inputs import AppointmentDraft

MAX_AHEAD = timedelta(days=366)


def ends_at(draft: AppointmentDraft) -> datetime:
    return draft.starts_at + timedelta(minutes=draft.minutes)


def overlaps(start: datetime, end: datetime, other_start: datetime,
             other_end: datetime) -> bool:
    """Half-open slots: one ending at 10:00 and one starting at 10:00 do not overlap."""
    return start < other_end and other_start < end


def is_the_colleague(appointment: Appointment, login: str, display_name: str) -> bool:
    """The colleague met signs in under a login whose name or display name is the directory
    name the appointment was booked with (case aside): the directory knows no logins."""
    wanted = appointment.person.casefold()
    return wanted in {login.casefold(), display_name.casefold()} - {""}


def check_may_change(appointment: Appointment, by: str, display_name: str,
                     role: Role | None) -> None:
    """Who booked it, the colleague met, a supervisor or an admin may cancel or move it;
    anybody else is Forbidden. Refused as well once it is cancelled (Conflict)."""
    if role is None:
        raise Forbidden(_("'{by}' is not an operator").format(by=by))
    if not (by == appointment.booked_by or role in (Role.SUPERVISOR, Role.ADMIN)
            or is_the_colleague(appointment, by, display_name)):
        raise Forbidden(_("appointment {id} was booked by '{booker}' with {person}: '{by}' "
                          "may not change it").format(id=appointment.id,
                                                      booker=appointment.booked_by,
                                                      person=appointment.person, by=by))
    if appointment.status is AppointmentStatus.CANCELLED:
        raise Conflict(_("appointment {id} is cancelled").format(id=appointment.id))
