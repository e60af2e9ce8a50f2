"""Booking a slot with a sales colleague from the directory (issue 17 item 8), opened by a
script step's `appointment` action: the colleagues of the department the action names, on
Up/Down, with their next appointments; the time typed (the script's date answer is filled
in: type the hour), Enter books. A taken slot is refused with whose
appointment is there; Esc closes without booking (README, "Appointments")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backends.appointments.api import APPOINTMENTS
from backends.appointments.inputs import AppointmentDraft
from backends.appointments.models import Appointment
from backends.callbacks.when import operator_zone, parse_when, zone_of_number
from backends.errors import BackendError
from backends.i18n import _
from backends.people.models import DirectoryKind
from backends.protocol import Backend
from backends.sanitize import clean_line
from screens.campaigns.booking import Booking
from screens.common import render

MAX_COLLEAGUES = 9  # colleagues listed


class AppointmentDialog(ModalScreen[Appointment | None]):
    DEFAULT_CSS = """
    AppointmentDialog { align: center middle; }
    AppointmentDialog > Vertical { width: 76; height: auto; max-height: 22;
                                   border: thick $primary; background: $surface;
                                   padding: 0 1; }
    AppointmentDialog #ap-people { height: auto; }
    AppointmentDialog #ap-status { color: $warning; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Close"), id="appointment_close"),
        Binding("down", "move(1)", _("Next colleague"), id="appointment_next", priority=True),
        Binding("up", "move(-1)", _("Previous colleague"), id="appointment_previous",
                priority=True),
    ]

    def __init__(self, backend: Backend, booking: Booking) -> None:
        super().__init__()
        self.backend = backend
        self.booking = booking
        self.colleagues: list[str] = []
        self.chosen = 0
        self.zone = zone_of_number(booking.phone) or operator_zone()
        self.taken: dict[str, list[Appointment]] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Appointment with {department}").format(
                department=clean_line(self.booking.department)), id="ap-title")
            yield Static("", id="ap-people")
            yield Input(value=f"{self.booking.day} " if self.booking.day else "",
                        placeholder=_("when, e.g. 2026-12-31 10:00 or tomorrow 10"),
                        id="ap-when", select_on_focus=False)  # type the hour after it
            yield Static(_("Up/Down: colleague; type the time; Enter books; Esc closes"),
                         id="ap-status")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.load()

    @work(exclusive=True, exit_on_error=False, group="ap-load")
    async def load(self) -> None:
        try:
            entries = await self.backend.people.list_directory("")
            wanted = self.booking.department.casefold()
            self.colleagues = [e.name for e in entries if e.kind is DirectoryKind.PERSON
                               and (e.department or "").casefold() == wanted][:MAX_COLLEAGUES]
            since = datetime.now(UTC)
            for name in self.colleagues:
                self.taken[name] = await self.backend.domain(APPOINTMENTS).list_appointments(
                    person=name, since=since, until=since + timedelta(days=60), limit=200)
        except BackendError as exc:
            self.status(exc.message)
            return
        if not self.colleagues:
            self.status(_("nobody in the directory works in {department}").format(
                department=self.booking.department))
        self.show()

    def show(self) -> None:
        text = Text()
        for number, name in enumerate(self.colleagues):
            mark = number == self.chosen
            text.append(" > " if mark else "   ", "reverse bold" if mark else "")
            text.append(" " + clean_line(name, 40), "bold" if mark else "")
            busy = [a.starts_at.astimezone(self.zone).strftime("%d/%m %H:%M")
                    for a in self.taken.get(name, [])[:3]]
            if busy:
                text.append("  " + _("busy: {slots}").format(slots=", ".join(busy)), "dim")
            text.append("\n")
        self.query_one("#ap-people", Static).update(text)

    def status(self, words: str) -> None:
        self.query_one("#ap-status", Static).update(render.content(words, max_length=300))

    def action_move(self, step: int) -> None:
        if self.colleagues:
            self.chosen = (self.chosen + step) % len(self.colleagues)
            self.show()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#ap-when")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.book(event.value)

    @work(exclusive=True, exit_on_error=False, group="ap-book")
    async def book(self, when: str) -> None:
        if not self.colleagues:
            return
        booking = self.booking
        try:
            starts = parse_when(when, datetime.now(UTC).astimezone(self.zone))
            booked = await self.backend.domain(APPOINTMENTS).book_appointment(
                AppointmentDraft(
                    person=self.colleagues[self.chosen], starts_at=starts,
                    subject=booking.subject, booked_by=booking.booked_by,
                    contact_name=booking.contact_name, contact_phone=booking.phone,
                    customer_id=booking.customer_id, contact_id=booking.contact_id,
                    campaign_id=booking.campaign_id, call_id=booking.call_id))
        except BackendError as exc:
            self.status(exc.message)
            return
        self.dismiss(booked)
