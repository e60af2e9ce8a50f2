"""The appointments domain's rules: a colleague is never booked twice for the same time, and
an appointment is booked for the future. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime, timedelta

from backends.appointments.models import AppointmentDraft

MAX_AHEAD = timedelta(days=366)


def ends_at(draft: AppointmentDraft) -> datetime:
    return draft.starts_at + timedelta(minutes=draft.minutes)


def overlaps(start: datetime, end: datetime, other_start: datetime,
             other_end: datetime) -> bool:
    """Half-open slots: one ending at 10:00 and one starting at 10:00 do not overlap."""
    return start < other_end and other_start < end
