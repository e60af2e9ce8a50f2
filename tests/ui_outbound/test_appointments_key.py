"""F7 in the outbound workspace shows the appointments this operator booked (README,
"Appointments"); Esc comes back to the workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backends.appointments.api import APPOINTMENTS
from backends.appointments.inputs import AppointmentDraft
from backends.campaigns.models import DialMode
from backends.protocol import Backend
from screens.campaigns.appointments_screen import AppointmentsScreen
from screens.campaigns.outbound_screen import OutboundScreen
from tests.ui_lab.harness import wait_for
from tests.ui_outbound.conftest import OutboundTestApp, campaign, fibre_contact, scripts


async def test_f7_shows_the_appointments_i_booked(store: Backend) -> None:
    await campaign(store, "Fibre offer", DialMode.PREVIEW,
                   [fibre_contact("+390612345671", "Ada Rossi")])
    soon = datetime.now(UTC) + timedelta(days=2)
    desk = store.domain(APPOINTMENTS)
    mine = await desk.book_appointment(AppointmentDraft(
        person="Marco Bellini", starts_at=soon, subject="Fibre offer: visit",
        booked_by="anna"))
    await desk.book_appointment(AppointmentDraft(
        person="Emma Hughes", starts_at=soon, subject="not mine", booked_by="bruno"))
    screen = OutboundScreen(store, "anna", scripts())
    app = OutboundTestApp(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen.ready, "the workspace")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, AppointmentsScreen)
                       and [a.id for a in app.screen.shown] == [mine.id], "mine")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back")


def test_the_footer_may_ask_which_keys_work_before_the_screen_is_composed(
        store: Backend) -> None:
    """The footer asks check_action while it composes, which can be before the screen's own
    widgets exist (a fresh-clone CI run failed on NoMatches there)."""
    screen = AppointmentsScreen(store.domain(APPOINTMENTS), "anna")
    assert screen.check_action("copy_text", ()) is True
    assert screen.check_action("flip", ()) is True
    assert screen.check_action("move", ()) is False  # nothing shown yet
