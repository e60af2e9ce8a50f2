"""What the consoles open of the outbound side over their own screen: the appointments view
(Shift+F4; F7 in the outbound workspace) and a supervisor's campaign view (Ctrl+A), and the
notice of an appointment changed by someone else. Here, not in the screens, which only name
them (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from textual.screen import Screen

from backends.errors import BackendError
from backends.feed.models import Event
from backends.people.models import Operator
from backends.protocol import Backend
from screens.common import render


def open_appointments(screen: Screen[None], backend: Backend, login: str,
                      me: Operator | None, *, booked_by_me: bool = False) -> None:
    """The appointments booked with this operator (or, `booked_by_me`, by them) over
    `screen`; B switches between the two there."""
    from backends.appointments.api import APPOINTMENTS
    from screens.campaigns.appointments_screen import AppointmentsScreen

    try:
        appointments = backend.domain(APPOINTMENTS)
    except BackendError as exc:  # a store without the domain
        render.notify_error(screen, exc.message)
        return
    screen.app.push_screen(AppointmentsScreen(
        appointments, login, name=me.display_name if me else "", booked_by_me=booked_by_me))


def open_campaigns(screen: Screen[None], backend: Backend) -> None:
    """A supervisor's campaign view over `screen` (Esc comes back)."""
    from backends.campaigns.api import CAMPAIGNS
    from screens.campaigns.supervisor_screen import CampaignsScreen

    try:
        campaigns = backend.domain(CAMPAIGNS)
    except BackendError as exc:
        render.notify_error(screen, exc.message)
        return
    screen.app.push_screen(CampaignsScreen(campaigns, closable=True))


def tell_appointment_change(screen: Screen[None], event: Event, login: str,
                            me: Operator | None) -> None:
    """An appointment's change told to the people it concerns (no pane shows appointments:
    the tab row has no room)."""
    if event.subject_type != "appointment":
        return
    from screens.campaigns.appointment_notice import appointment_notice

    said = appointment_notice(event, login, me.display_name if me else "")
    if said:
        screen.notify(said, timeout=15, markup=False)
