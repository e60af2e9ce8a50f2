"""Appointments as iCalendar (RFC 5545), one VEVENT each, for the colleague's or the
operator's calendar program. A cancelled appointment is written with STATUS:CANCELLED and a
moved or cancelled one with a higher SEQUENCE under the same UID, so a calendar that imported
it before updates or drops it (RFC 5545 3.8.1.11, 3.8.7.4). The `icalendar` library does the
escaping of commas, semicolons and newlines, the line folding and the UTC times; control
characters from the data are replaced first (backends/sanitize.py). README, "Appointments"."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event

from backends.appointments.models import Appointment, AppointmentStatus
from backends.i18n import _
from backends.sanitize import clean, clean_line

PRODUCT = "-//Centralino//Appointments//EN"


def _event(found: Appointment) -> Event:
    event = Event()
    event.add("uid", f"appointment-{found.id}@centralino")
    event.add("dtstamp", found.updated_at or found.created_at)
    event.add("sequence", found.sequence)
    event.add("status", "CANCELLED" if found.status is AppointmentStatus.CANCELLED
              else "CONFIRMED")
    if found.updated_at is not None:
        event.add("last-modified", found.updated_at)
    event.add("dtstart", found.starts_at)
    event.add("duration", timedelta(minutes=found.minutes))
    who = found.contact_name or found.contact_phone
    summary = f"{found.subject} — {who}" if who else found.subject
    event.add("summary", clean_line(summary))
    if found.place:
        event.add("location", clean_line(found.place))
    lines = [_("With: {person}").format(person=found.person),
             _("Contact: {name} {phone}").format(name=found.contact_name,
                                                  phone=found.contact_phone).strip(),
             _("Booked by: {operator}").format(operator=found.booked_by)]
    if found.notes:
        lines.append(found.notes)
    event.add("description", clean("\n".join(lines)))
    return event


def calendar(appointments: list[Appointment]) -> bytes:
    """The .ics file's bytes (CRLF line ends, as RFC 5545 asks)."""
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    for found in appointments:
        cal.add_component(_event(found))
    return cal.to_ical()
