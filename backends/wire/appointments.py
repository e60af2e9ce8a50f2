"""Appointments on the wire: the bodies are the domain's models, named here so the server
builds their validators before its first request (backends/server/deps.py builds every model a
wire module holds). Part of the wire contract (backends/wire, docs/ARCHITECTURE.md)."""

from __future__ import annotations

from backends.appointments.inputs import AppointmentDraft, Cancel, Reschedule
from backends.appointments.models import Appointment

__all__ = ["Appointment", "AppointmentDraft", "Cancel", "Reschedule"]
