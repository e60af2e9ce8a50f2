"""What an appointment booked from the outbound desk is for (the desk fills it in, the
appointment dialog books it): no Textual here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Booking:
    """What the appointment is for (from the outbound desk)."""

    department: str
    subject: str
    booked_by: str
    phone: str
    contact_name: str
    day: str  # the script's date answer (YYYY-MM-DD) or ""
    customer_id: int | None = None
    contact_id: int | None = None
    campaign_id: int | None = None
    call_id: int | None = None
