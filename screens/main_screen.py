"""The operator's main screen: operator status, call queue and a switcher of working panes
(lookup, customer 360, ticket, transfer). At 80x24 one switcher shows one side at a time
(`-front-left` / `-front-right`); from 120 columns two switchers sit side by side, so the
caller's record stays beside the ticket or transfer. Both are one widget tree: a resize re-flows
the screen and keeps what is typed, found or selected.

The work is done by objects that get the desk (screens/common/desk.py), this screen as their
view and the domain interfaces they need (screens/calls/, screens/tickets/,
screens/transfers/). This file wires them and the widgets, decides which keys matter now and
switches panes (docs/ARCHITECTURE.md, "screens/").
"""

from __future__ import annotations

from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from backends.calls.models import Call
from backends.customers.models import Customer
from backends.errors import BackendError, Unavailable
from backends.feed.models import Event
from backends.i18n import _
from backends.people.models import Operator
from backends.protocol import Backend
from screens.calls.call_control import CallControl
from screens.calls.call_queue import CallQueue
from screens.calls.connection_watch import ConnectionWatch
from screens.calls.desk_actions import action_enabled
from screens.calls.desk_sync import DeskSync
from screens.calls.leaving import Leaving
from screens.calls.live_feed import LiveFeed
from screens.calls.operator_status import OperatorStatus
from screens.calls.start_up import StartUp
from screens.calls.stray_keys import take_stray_key
from screens.common import keys, render
from screens.common.boot_screen import BREAKPOINTS, WIDE
from screens.common.desk import Desk
from screens.common.desk_screen import DeskScreen
from screens.common.fitting_footer import FittingFooter
from screens.common.pane_spec import PaneContext
from screens.customers.customer_lookup import CustomerLookup
from screens.keymap import pane_bindings
from screens.tickets.ticket_desk import TicketDesk
from screens.transfers.transfer_desk import TransferDesk
from screens.transfers.transfer_offers import TransferOffers
from screens.work_area import WorkArea

if TYPE_CHECKING:
    from screens.customers.customer_view import CustomerView
    from screens.tickets.ticket_editor import TicketEditor
    from screens.transfers.transfer_panel import TransferPanel

QUEUE_SAFETY_REFRESH = 10.0  # seconds; the feed is the fast path, this only heals gaps


class MainScreen(DeskScreen):
    CSS_PATH = "main_screen.tcss"
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = [*keys.main_bindings(), *pane_bindings()]

    def __init__(self, backend: Backend, operator_name: str, *, clock: render.Clock,
                 drafts_dir: Path, open_backend: bool = True, offer_timeout: int = 30,
                 opening: Awaitable[None] | None = None) -> None:
        """`drafts_dir`: this operator's own drafts folder, chosen by the caller (the console
        passes one under the user data folder); never a folder relative to the cwd.
        `opening`: the store's open, started by the console before this screen is built
        (screens/calls/start_up.py awaits it instead of opening again)."""
        # the arrangement's classes from the start: set after mounting, each would restyle
        # every widget once more (a third of the start-up at 120x40)
        # the classes for its width, the left side in front (WorkArea.reflow)
        wide = self.app.size.width >= WIDE
        super().__init__(classes="-wide -front-left" if wide else "-compact -front-left")
        self.backend = backend
        self.operator_name = operator_name
        self.clock = clock
        self.drafts_dir = drafts_dir
        self.offer_timeout = offer_timeout
        self.desk = desk = Desk(operator_name)
        calls, customers, people = backend.calls, backend.customers, backend.people
        self.desk_sync = DeskSync(desk, self, calls=calls, customers=customers, people=people,
                                  handed_away=self._handed_away)
        self.call_control = CallControl(desk, self, calls=calls, customers=customers,
                                        people=people,
                                        refresh_queue=self.desk_sync.schedule_queue_refresh)
        self.transfer_offers = TransferOffers(desk, self, transfers=backend.transfers,
                                              calls=calls, tickets=backend.tickets,
                                              people=people,
                                              pop_customer=self.call_control.pop_customer)
        self.ticket_desk = TicketDesk(desk, self, drafts_dir=drafts_dir)
        self.transfer_desk = TransferDesk(desk, self, reload_call=self.desk_sync.reload_call)
        self.live_feed = LiveFeed(desk, self, feed=backend.feed, sync=self.desk_sync,
                                  offers=self.transfer_offers.on_event,
                                  to_panes=self._event_to_panes)
        self.leaving = Leaving(desk, self, customers=customers, call_control=self.call_control,
                               ticket_editor=lambda: self.work_area.built("ticket"))
        self.connection = ConnectionWatch(desk, self, feed=backend.feed, customers=customers,
                                          sync=self.desk_sync, show=self._show_offline)
        self.start_up = StartUp(desk, self, people=people, calls=calls,
                                open_backend=backend.open if open_backend else None,
                                started=self._started, opening=opening)

    # what tests and the app read of the desk
    @property
    def operator(self) -> Operator | None:
        return self.desk.operator

    @property
    def call(self) -> Call | None:
        return self.desk.call

    @property
    def customer(self) -> Customer | None:
        return self.desk.customer

    @property
    def ticket_id(self) -> int | None:
        return self.desk.ticket_id

    @property
    def ready(self) -> bool:
        return self.desk.ready

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="banner", markup=False)
        yield OperatorStatus(self.operator_name, self.clock, id="status")
        with Container(id="body"):
            yield CallQueue(self.clock, id="queue")
            yield WorkArea(PaneContext(self.backend, self.operator_name, self.drafts_dir,
                                       offer_timeout=self.offer_timeout))
        yield FittingFooter()

    @property
    def work_area(self) -> WorkArea:
        return self.query_one(WorkArea)

    async def mount_work_panes(self) -> None:
        """The store is open: the panes that read it may be built (those in front now)."""
        await self.work_area.store_opened()

    def customer_view(self) -> CustomerView:
        """The customer 360 view (#customer), built on first use."""
        from screens.customers.customer_view import CustomerView

        view = self.work_area.widget("customer")
        assert isinstance(view, CustomerView)
        return view

    # -- re-flow across the width breakpoint ----------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """Text typed with the focus on no text field never vanishes (calls/stray_keys.py)."""
        if take_stray_key(event, self.ticket_desk, self.work_area, self.active_bindings):
            event.stop()

    def on_resize(self, event: events.Resize) -> None:
        self._arrange(event.size.width >= WIDE)

    def _arrange(self, wide: bool) -> None:
        if self.work_area.reflow(wide):
            self.query_one(CallQueue).set_wide(wide)

    _resumed = False  # shown at least once

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time it is shown, every widget of the screen has just been styled as it
        was mounted (its arrangement's classes given from the start, the screen's stylesheet
        read before its compose): Textual would restyle them all once more, for nothing, a
        tenth of the start-up on the main thread. Runs before Textual's own handler (a
        subclass's handlers come first); later resumes (after a dialog) restyle as usual."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self._arrange(self.app.size.width >= WIDE)
        self.query_one("#banner").display = False
        self.query_one(CallQueue).table.focus()
        self.start_up.start()

    # -- what the footer offers now --------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action_enabled(self.desk, action)

    def state_changed(self) -> None:
        """Redraw the status line and the footer after any change of operator/call/customer."""
        desk = self.desk
        name, spoken = (desk.customer.name, desk.customer.language) if desk.customer else (None,
                                                                                     None)
        self.query_one(OperatorStatus).show(desk.operator, desk.call, name, spoken)
        self.transfer_desk.follow_call(self.work_area.built("transfer"))
        self.refresh_bindings()

    def set_offline(self, offline: bool, reason: str = "") -> None:
        """The store is unreachable (the watch then probes it until it answers) or back."""
        if offline:
            self.connection.went_offline(reason)
        else:
            self.connection.came_back()

    def _show_offline(self, offline: bool, reason: str) -> None:
        banner = self.query_one("#banner", Static)
        banner.display = offline
        if offline:
            banner.update(render.content(_("OFFLINE: {reason}. Retrying; your work is kept.")
                                         .format(reason=reason.rstrip("."))))
        status = self.query_one(OperatorStatus)
        status.offline = offline
        status.redraw()
        self.query_one(CallQueue).set_stale(offline)

    # -- panes -----------------------------------------------------------------------------
    def show_pane(self, pane: str, *, focus: bool = True) -> None:
        self.work_area.show_pane(pane, focus=focus)

    def focus_into(self, pane: str) -> None:
        self.work_area.focus_into(pane)

    def show_customer_record(self, customer: Customer, *, switch: bool = True) -> None:
        self.desk.customer = customer
        self.desk.names[customer.id] = customer.name
        view = self.customer_view()
        view.call_later(view.show_customer, customer.id)
        if switch:
            self.show_pane("customer", focus=False)
        self.state_changed()

    def action_lookup(self) -> None:
        self.show_pane("lookup")

    def action_show_pane(self, pane: str) -> None:
        """The key of a registered pane that brings its own (PaneSpec.key)."""
        self.show_pane(pane)

    def action_show_customer(self) -> None:
        if self.desk.customer is not None:
            self.show_pane("customer")

    def action_focus_queue(self) -> None:
        self.query_one(CallQueue).table.focus()

    def action_appointments(self) -> None:
        from screens.campaigns.from_console import open_appointments

        open_appointments(self, self.backend, self.operator_name, self.desk.operator)

    def action_campaigns(self) -> None:
        from screens.campaigns.from_console import open_campaigns

        open_campaigns(self, self.backend)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed anyway: say so instead of failing silently."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, BackendError):
            self.report(error)
        else:
            render.notify_error(self, _("Something went wrong: {error}").format(
                error=f"{type(error).__name__}: {error}"))

    @on(CustomerLookup.Selected)
    def _looked_up(self, event: CustomerLookup.Selected) -> None:
        call = self.desk.call
        if call is not None and call.customer_id is None:
            # the caller rang from a number we did not know: the call is theirs
            self.call_control.link_found_customer(event.customer)
        else:
            self.show_customer_record(event.customer)
        self.show_pane("customer")

    @on(CallQueue.AnswerRequested)
    def _answer_row(self, event: CallQueue.AnswerRequested) -> None:
        if self.check_action("answer_selected", ()):
            self.call_control.answer(event.call_id)

    # -- the keys' actions: the work is done by the desk's objects ---------------------------
    def action_answer_next(self) -> None:
        if not self.query_one(CallQueue).take_first_head():  # a due callback comes first
            self.call_control.answer(None)

    def action_answer_selected(self) -> None:
        queue = self.query_one(CallQueue)
        if queue.take_selected_head():
            return
        call_id = queue.selected_call_id()
        if call_id is None:
            self.say(_("No call selected."), warning=True)
            return
        self.call_control.answer(call_id)

    def action_hold(self) -> None:
        self.call_control.hold()

    def action_end_call(self) -> None:
        self.call_control.end_call()

    def action_pause(self) -> None:
        self.call_control.pause()

    def action_new_customer(self) -> None:
        self.call_control.new_customer()

    def action_edit_customer(self) -> None:
        from screens.customers.customer_edit import edit_customer

        edit_customer(self.desk, self, self.backend.customers)

    def action_new_ticket(self) -> None:
        self.ticket_desk.new_ticket()

    def action_another_ticket(self) -> None:
        self.ticket_desk.new_ticket(another=True)

    def action_transfer(self) -> None:
        self.transfer_desk.transfer()

    def on_customer_view_open_ticket(self, event: CustomerView.OpenTicket) -> None:
        self.ticket_desk.open_ticket(event.ticket_id)

    def on_ticket_editor_saved(self, event: TicketEditor.Saved) -> None:
        self.ticket_desk.saved(event.ticket)

    def on_transfer_panel_declined(self, event: TransferPanel.Declined) -> None:
        self.transfer_desk.declined()

    def on_transfer_panel_transferred(self, event: TransferPanel.Transferred) -> None:
        self.transfer_desk.transferred(event.transfer)

    # -- once the store answers -------------------------------------------------------------
    async def _started(self, mine: list[Call]) -> None:
        """Signed in: the working panes, the queue, the feed, offers and drafts; a call this
        operator still held (an interrupted session) is taken back where it was."""
        await self.mount_work_panes()
        self.desk.ready = True
        self.state_changed()
        on_ready = getattr(self.app, "backend_ready", None)
        if on_ready is not None:
            on_ready()
        self.desk_sync.refresh_queue()
        self.live_feed.follow()
        self.set_interval(QUEUE_SAFETY_REFRESH, self.desk_sync.schedule_queue_refresh)
        self.transfer_offers.check()
        self.ticket_desk.offer_drafts()
        if mine:  # left open when the console was closed or died: resume or wrap up
            await self.leaving.offer_back(mine[0])

    def _event_to_panes(self, event: Event) -> None:
        from screens.campaigns.from_console import tell_appointment_change

        self.work_area.to_panes(event)
        tell_appointment_change(self, event, self.operator_name, self.desk.operator)

    def _handed_away(self, call: Call) -> None:
        self.call_control.wrap_up_transferred(call)

    # -- the view the desk's objects talk to (screens.common.desk.DeskView) -----------------
    def report(self, exc: BackendError, title: str = "") -> None:
        if isinstance(exc, Unavailable):
            self.set_offline(True, exc.message)
        render.notify_error(self, exc.message, title=title)

    def say(self, message: str, *, warning: bool = False) -> None:
        self.notify(message, severity="warning" if warning else "information", markup=False)

    def redraw_customer(self, customer_id: int) -> None:
        self.customer_view().show_customer(customer_id)

    def show_queue(self, calls: list[Call], names: dict[int, str]) -> None:
        self.query_one(CallQueue).set_calls(calls, names)

    def pane_widget(self, pane: str) -> Widget:
        return self.work_area.widget(pane)

    def built_pane(self, pane: str) -> Widget | None:
        return self.work_area.built(pane)

    async def pane_ready(self, pane: str) -> Widget:
        return await self.work_area.ready_widget(pane)

    def event_arrived(self) -> None:
        if self.connection.offline:
            self.set_offline(False)

    def cannot_start(self, message: str) -> None:
        """A permanent start-up error: a banner that does not promise a retry, and an error
        notification; the console stays open (Ctrl+Q leaves) but does not try again."""
        banner = self.query_one("#banner", Static)
        banner.update(render.content(message, max_length=300))
        banner.display = True
        render.notify_error(self, message, title=_("Start"))
