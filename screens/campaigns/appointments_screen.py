"""A person's appointments (issue 17 item 8): the colleague met sees those booked with them
(by their login or display name), the operator who booked them sees theirs with B; C calls
the selected one off (C again to confirm), M moves it (type the new time, Enter), Esc closes.
Opened over the main screen with its key (screens/common/keys.py, `appointments`), and over
the outbound workspace. Works on the `Appointments` interface only; every call in a worker,
failures on the status line (README, "Appointments")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static

from backends.appointments.api import Appointments
from backends.appointments.inputs import Cancel, Reschedule
from backends.appointments.models import Appointment
from backends.callbacks.when import operator_zone, parse_when
from backends.errors import BackendError
from backends.i18n import N_, _
from screens.common import render
from screens.common.keys import KeySpec, binding

APPOINTMENT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("appointments_cancel", "c", "cancel", N_("Call off"),
            N_("Call the selected appointment off (press twice)")),
    KeySpec("appointments_move", "m", "move", N_("Move"),
            N_("Move the selected appointment to another time")),
    KeySpec("appointments_booked", "b", "flip", N_("With me/booked"),
            N_("Appointments with me, or those I booked")),
    KeySpec("appointments_close", "escape", "close", N_("Close"),
            N_("Close the appointments")),
)


class AppointmentsScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    AppointmentsScreen { align: center middle; }
    AppointmentsScreen > Vertical { width: 100%; max-width: 110; height: 100%;
                                    border: thick $primary; background: $surface; }
    AppointmentsScreen DataTable { height: 1fr; }
    AppointmentsScreen #apl-when { height: 3; }
    AppointmentsScreen #apl-when.hidden { display: none; }
    AppointmentsScreen #apl-status { height: auto; max-height: 2; color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [binding(spec) for spec in APPOINTMENT_KEYS]

    def __init__(self, appointments: Appointments, me: str, *, name: str = "",
                 booked_by_me: bool = False) -> None:
        """`me`: the login; `name`: the name a person reads (the display name).
        `booked_by_me`: start on those `me` booked (the outbound desk) rather than on those
        booked with `me` (the colleague met)."""
        super().__init__()
        self.appointments = appointments
        self.me = me
        self.name_shown = name or me
        self.booked_by_me = booked_by_me
        self.shown: list[Appointment] = []
        self.confirming: int | None = None  # the id C was pressed on once
        # kept here, not read from the field: the footer asks check_action while composing,
        # before the field exists
        self.moving = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="apl-title")
            table: DataTable[Text] = DataTable(id="apl-table", cursor_type="row")
            yield table
            yield Input(id="apl-when", classes="hidden",
                        placeholder=_("new time, e.g. 2026-12-31 10:00 or tomorrow 10"))
            yield Static("", id="apl-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def _title(self) -> str:
        words = (_("Appointments booked by {me}") if self.booked_by_me
                 else _("Appointments with {me}"))
        return words.format(me=self.name_shown)

    @work(exclusive=True, exit_on_error=False, group="apl-read")
    async def reload(self) -> None:
        now = datetime.now(UTC)
        try:
            if self.booked_by_me:
                self.shown = await self.appointments.list_appointments(booked_by=self.me,
                                                                       since=now)
            else:
                self.shown = await self.appointments.appointments_with(self.me, since=now)
        except BackendError as exc:
            self.status(exc.message)
            return
        self.query_one("#apl-title", Static).update(render.content(
            f"{self._title()} · {len(self.shown)}", "bold"))
        table: DataTable[Text] = self.query_one(DataTable)
        keep = table.cursor_row
        # the other side of each appointment: whom I meet, or who booked it with me
        table.clear(columns=True)
        table.add_columns(_("When"), _("Min."), _("With") if self.booked_by_me
                          else _("Booked by"), _("Contact"), _("Subject"))
        for one in self.shown:
            other = one.person if self.booked_by_me else one.booked_by
            table.add_row(render.text(render.local_time(one.starts_at)),
                          render.text(str(one.minutes)), render.text(other, max_length=14),
                          render.text(one.contact_name or render.pretty_phone(one.contact_phone),
                                      max_length=16),
                          render.text(one.subject, max_length=60), key=str(one.id))
        if self.shown:
            table.move_cursor(row=min(max(keep, 0), len(self.shown) - 1))
        if not self.shown:
            self.status(_("No appointment to come."))

    def status(self, words: str) -> None:
        self.query_one("#apl-status", Static).update(render.content(words, max_length=300))

    def selected(self) -> Appointment | None:
        row = self.query_one(DataTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cancel", "move"):
            return bool(self.shown) and not self.moving
        if action == "flip":
            return not self.moving
        return True

    def action_flip(self) -> None:
        self.booked_by_me = not self.booked_by_me
        self.confirming = None
        self.status("")
        self.reload()

    def action_close(self) -> None:
        if self.moving:  # Esc leaves the new time first
            self._hide_field()
            self.status("")
            return
        self.dismiss(None)

    def action_cancel(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if self.confirming != chosen.id:
            self.confirming = chosen.id
            self.status(_("Press C again to call off the appointment with {person} on "
                          "{when}").format(person=chosen.person,
                                           when=render.local_time(chosen.starts_at)))
            return
        self.confirming = None
        self._cancel(chosen.id)

    @work(exclusive=True, exit_on_error=False, group="apl-write")
    async def _cancel(self, appointment_id: int) -> None:
        try:
            done = await self.appointments.cancel_appointment(appointment_id,
                                                              Cancel(by=self.me))
        except BackendError as exc:
            self.status(exc.message)
            return
        self.status(_("Appointment with {person} on {when} called off").format(
            person=done.person, when=render.local_time(done.starts_at)))
        self.reload()

    def action_move(self) -> None:
        if self.selected() is None:
            return
        self.confirming = None
        field = self.query_one("#apl-when", Input)
        field.value = ""
        self.moving = True
        field.remove_class("hidden")
        field.focus()
        self.status(_("Type the new time, Enter moves it; Esc leaves it as it is"))
        self.refresh_bindings()

    def _hide_field(self) -> None:
        self.moving = False
        self.query_one("#apl-when", Input).add_class("hidden")
        self.query_one(DataTable).focus()
        self.refresh_bindings()

    @on(Input.Submitted, "#apl-when")
    def _when_typed(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self.selected()
        if chosen is not None:
            self._move(chosen.id, event.value)

    @work(exclusive=True, exit_on_error=False, group="apl-write")
    async def _move(self, appointment_id: int, when: str) -> None:
        try:
            starts = parse_when(when, datetime.now(UTC).astimezone(operator_zone()))
            done = await self.appointments.reschedule_appointment(
                appointment_id, Reschedule(by=self.me, starts_at=starts))
        except BackendError as exc:
            self.status(exc.message)
            return
        self._hide_field()
        self.status(_("Appointment with {person} moved to {when}").format(
            person=done.person, when=render.local_time(done.starts_at)))
        self.reload()
