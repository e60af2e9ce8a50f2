"""The callbacks panel: the callbacks due to this operator (their own and anyone's, soonest
first) and their own still to come, each with the time on the operator's clock and on the
customer's, the number, the reason and the ticket. Enter (or Ctrl+D) calls the highlighted one
back; Ctrl+B books one for the customer shown and the ticket open (booking from a ticket: the
screen's `customer`, the ticket pane's ticket); Ctrl+E reads the satisfaction survey to the
caller of the call in hand (the screen's `call`) and records it, with a complaint or suggestion
when there is one. Follows callback events; every half minute it also hands overdue personal
callbacks to anyone (the rule is the service's; any console may run it).
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime, tzinfo
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Static

from backends.callbacks.api import Callbacks
from backends.callbacks.inputs import CallbackDraft
from backends.callbacks.models import Callback, CallbackScope, CallbackState
from backends.callbacks.when import local_label, operator_zone, zone_of_number
from backends.calls.models import Call
from backends.errors import BackendError
from backends.feed.models import Event
from backends.i18n import _, day_time, ngettext
from backends.surveys.api import Surveys
from backends.surveys.inputs import FeedbackDraft, SurveyAnswerDraft
from screens.callbacks.book_dialog import Booking
from screens.callbacks.booking import CallbackDefaults, CallbackDesk
from screens.callbacks.callback_keys import CALLBACK_KEYS
from screens.callbacks.survey_dialog import SurveyForm
from screens.common import keys, render
from screens.common.clock import Clock, system_clock

REFRESH_EVERY = 30.0  # seconds: due times pass without an event
UPCOMING = 20


class CallbackPanel(Widget):
    DEFAULT_CSS = """
    CallbackPanel { height: 1fr; }
    CallbackPanel DataTable { height: 1fr; background: $surface; }
    CallbackPanel #callbacks-status { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [keys.binding(spec) for spec in CALLBACK_KEYS]

    def __init__(self, callbacks: Callbacks, operator_name: str, *,
                 surveys: Surveys | None = None, clock: Clock = system_clock,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.callbacks = callbacks
        self.surveys = surveys
        self.operator_name = operator_name
        self.clock = clock
        self.rows: list[Callback] = []
        self.due_ids: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static("", id="callbacks-status", markup=False)
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True,
                                           id="callbacks-table")
        table.add_column(_("Due"), key="due", width=13)
        table.add_column(_("Customer's"), key="theirs", width=13)
        table.add_column(_("Number"), key="number", width=16)
        table.add_column(_("About"), key="about")
        yield table

    def on_mount(self) -> None:
        self.refresh_list()
        self.set_interval(REFRESH_EVERY, self.hand_over_and_refresh)

    @property
    def defaults(self) -> CallbackDefaults:
        found = getattr(self.screen, "callback_defaults", None)
        return found if isinstance(found, CallbackDefaults) else CallbackDefaults(
            zone=operator_zone())

    @property
    def zone(self) -> tzinfo:
        return self.defaults.zone

    def on_backend_event(self, event: Event) -> None:
        """Redrawn on any callback change (the pane's notice tells of hand-overs)."""
        self.refresh_list()

    @work(exclusive=True, group="callbacks-read", exit_on_error=False)
    async def refresh_list(self) -> None:
        try:
            due = await self.callbacks.list_due(self.operator_name)
            mine = await self.callbacks.list_callbacks(
                owner=self.operator_name, states=[CallbackState.OPEN], limit=UPCOMING + 50)
        except BackendError as exc:
            self._status(exc.message)
            return
        self.due_ids = {c.id for c in due}
        upcoming = [c for c in mine if c.id not in self.due_ids][:UPCOMING]
        self.show(due, upcoming)

    @work(exclusive=True, group="callbacks-handover", exit_on_error=False)
    async def hand_over_and_refresh(self) -> None:
        with suppress(BackendError):  # the list below reports a store that cannot be reached
            await self.callbacks.hand_over_overdue()
        self.refresh_list()

    def show(self, due: list[Callback], upcoming: list[Callback]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.rows = [*due, *upcoming]
        now = self.clock().astimezone(UTC)
        for callback in self.rows:
            table.add_row(*self._cells(callback, callback.id in self.due_ids, now),
                          key=str(callback.id))
        self._status(ngettext_due(len(due), len(upcoming)))

    def _cells(self, callback: Callback, due: bool, now: datetime) -> list[Text]:
        mine = local_label(callback.due_at, self.zone)
        theirs = local_label(callback.due_at, zone_of_number(callback.number))
        style = "bold" if due else "dim"
        marker = "" if callback.scope is CallbackScope.PERSONAL else "*"
        about = callback.reason or ""
        if callback.ticket_id is not None:
            about = f"#{callback.ticket_id} {about}"
        return [render.text(marker + mine, style, 13),
                render.text(theirs if theirs != mine else "", "", 13),
                render.text(render.pretty_phone(callback.number), "", 16),
                render.text(about, "", 120)]

    def _status(self, message: str) -> None:
        self.query_one("#callbacks-status", Static).update(render.content(message,
                                                                          max_length=200))

    def highlighted(self) -> Callback | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_make(self) -> None:
        """The screen's CallbackDesk makes it (one operation at a time at the desk)."""
        callback = self.highlighted()
        desk = getattr(self.screen, "callback_desk", None)
        if callback is not None and isinstance(desk, CallbackDesk):
            self.run_worker(desk.make(callback), group="callbacks-make", exit_on_error=False)

    def action_book(self) -> None:
        from screens.callbacks.book_dialog import BookCallbackDialog

        screen, defaults = self.screen, self.defaults
        call = getattr(screen, "call", None)
        customer = getattr(screen, "customer", None)
        number = call.caller if call is not None else (
            customer.phones[0] if customer is not None and customer.phones else None)
        if number is None or not number.startswith("+"):
            self.notify(_("No number to call back: show the customer (F4) or take the call "
                          "first."), severity="warning", markup=False)
            return
        draft = {"number": number, "owner": self.operator_name,
                 "customer_id": customer.id if customer is not None else None,
                 "ticket_id": self._ticket_shown(),
                 "call_id": call.id if call is not None else None,
                 "queue": call.queue if call is not None else "general",
                 "window_minutes": defaults.window_minutes,
                 "grace_minutes": defaults.grace_minutes}

        def answered(booking: Booking | None) -> None:
            if booking is not None:
                self.book(CallbackDraft(**draft, due_at=booking.due_at, scope=booking.scope,
                                        reason=booking.reason))

        self.app.push_screen(BookCallbackDialog(number, self.clock, defaults.zone), answered)

    def _ticket_shown(self) -> int | None:
        """The ticket in the ticket pane (open or just saved), else the desk's."""
        work_area = getattr(self.screen, "work_area", None)
        editor = work_area.built("ticket") if work_area is not None else None
        ticket = getattr(editor, "ticket", None)
        ticket_id = getattr(ticket, "id", None)
        return ticket_id if isinstance(ticket_id, int) else getattr(self.screen, "ticket_id",
                                                                     None)

    @work(group="callbacks-book", exit_on_error=False)
    async def book(self, draft: CallbackDraft) -> None:
        try:
            booked = await self.callbacks.book_callback(draft)
        except BackendError as exc:
            render.notify_error(self, exc.message, title=_("Callback"))
            return
        self.notify(_("Callback booked for {when}").format(
            when=day_time(booked.due_at.astimezone(self.zone))), markup=False)
        self.refresh_list()

    def action_survey(self) -> None:
        call = getattr(self.screen, "call", None)
        if self.surveys is None or call is None:
            self.notify(_("A survey is recorded on the call in hand: there is none."),
                        severity="warning", markup=False)
            return
        self.open_survey(call)

    @work(group="callbacks-survey-open", exclusive=True, exit_on_error=False)
    async def open_survey(self, call: Call) -> None:
        """The survey of the call's queue: only its questions, and none when it is off."""
        from screens.callbacks.survey_dialog import SurveyDialog

        assert self.surveys is not None
        try:
            config = await self.surveys.survey_config(call.queue)
        except BackendError as exc:
            render.notify_error(self, exc.message, title=_("Survey"))
            return
        if not config.enabled:
            self.notify(_("The survey is off for queue {queue}.").format(
                queue=render.clean_line(call.queue, 60)), severity="warning", markup=False)
            return
        form = await self.app.push_screen_wait(SurveyDialog(
            call.caller, [q.value for q in config.questions]))
        if form is not None:
            self.record_survey(call, form)

    @work(group="callbacks-survey", exit_on_error=False)
    async def record_survey(self, call: Call, form: SurveyForm) -> None:
        assert self.surveys is not None
        try:
            answer = await self.surveys.record_answer(SurveyAnswerDraft(
                call_id=call.id, operator=self.operator_name, queue=call.queue,
                customer_id=call.customer_id, csat=form.csat, nps=form.nps,
                solved=form.solved, comment=form.comment))
            if form.feedback is not None:
                await self.surveys.add_feedback(FeedbackDraft(
                    kind=form.feedback, topic=form.topic, text=form.comment,
                    customer_id=call.customer_id, call_id=call.id, survey_id=answer.id,
                    operator=self.operator_name, queue=call.queue))
        except BackendError as exc:
            render.notify_error(self, exc.message, title=_("Survey"))
            return
        self.notify(_("Survey saved for call {id}.").format(id=call.id), markup=False)

    def action_feedback(self) -> None:
        """Complaints and suggestions: listed, searched, and captured on the call in hand
        (or for the customer shown)."""
        from screens.callbacks.feedback_screen import CaptureContext, FeedbackScreen

        if self.surveys is None:
            self.notify(_("This store keeps no feedback."), severity="warning", markup=False)
            return
        call = getattr(self.screen, "call", None)
        customer = getattr(self.screen, "customer", None)
        customer_id = call.customer_id if call is not None else None
        if customer_id is None and customer is not None:
            customer_id = customer.id
        about = (render.pretty_phone(call.caller) if call is not None
                 else customer.name if customer is not None else "")
        self.app.push_screen(FeedbackScreen(self.surveys, CaptureContext(
            operator=self.operator_name, call_id=call.id if call is not None else None,
            queue=call.queue if call is not None else "general", customer_id=customer_id,
            about=about), self.zone))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_make()


def ngettext_due(due: int, upcoming: int) -> str:
    return (ngettext("{n} callback due now", "{n} callbacks due now", due).format(n=due)
            + " · " + ngettext("{n} to come", "{n} to come", upcoming).format(n=upcoming))
