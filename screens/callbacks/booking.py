"""What the wrap-up does with callbacks (docs/ARCHITECTURE.md, "screens/"): due callbacks put
at the head of the operator's queue (the service decides which are offered to whom), made with
one key and said what they are about; the outcome
"Callback booked" asks for the time and books the callback on the call (its number, customer,
ticket and queue); finishing the outbound call of a callback completes that callback with the
call's outcome, or, with "Callback booked" again, reschedules it (its history kept).

Cancelling the booking leaves the operator in wrap-up: a promised callback is never lost. A
call already handed away (transferred) books nothing here: the colleague who has the caller
now books any callback they promise.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Protocol

from backends.callbacks.api import CALLBACKS, Callbacks
from backends.calls.api import Calls
from backends.calls.models import Call, CallState
from backends.errors import BackendError, Unavailable
from backends.i18n import _, day_time, ngettext
from screens.calls.call_queue import CallQueue, HeadContact
from screens.common.clock import Clock
from screens.common.desk import Desk, DeskView

if TYPE_CHECKING:  # the main screen imports this module: the models load when first used
    from backends.callbacks.models import Callback
    from backends.protocol import Backend
    from screens.calls.call_control import CallControl


class CallbackHost(DeskView, Protocol):
    """What `CallbackDesk.attach` needs of the screen it wires callbacks into (the main
    screen), named here so that this module does not import the screen that imports it."""

    @property
    def desk(self) -> Desk: ...

    @property
    def call_control(self) -> CallControl: ...

CALLBACK_CODE = "CALLBACK"
DUE_CHECK_EVERY = 15.0  # seconds: due times pass without an event
FIRST_CHECK_AFTER = 1.0  # seconds after the screen is built (again at every check till ready)


@dataclass(frozen=True)
class CallbackDefaults:
    """From the settings: the operator's time zone, a new callback's window and grace."""

    zone: tzinfo = UTC
    window_minutes: int = 60
    grace_minutes: int = 30


def optional_callbacks(backend: Backend) -> Callbacks | None:
    """The backend's callbacks domain, or None when it serves none."""
    try:
        return backend.domain(CALLBACKS)
    except Unavailable:
        return None


@dataclass
class CallbackDesk:
    """Making a callback (the panel asks, the desk decides), the wrap-up's part, and telling
    the operator when callbacks come due (a check every DUE_CHECK_EVERY seconds, which also
    runs the hand-over of overdue personal callbacks)."""

    desk: Desk
    view: DeskView
    callbacks: Callbacks
    clock: Clock
    adopt: Callable[[int], Awaitable[None]]  # the placed call becomes the call in hand
    defaults: CallbackDefaults = field(default_factory=CallbackDefaults)
    made: dict[int, Callback] = field(default_factory=dict)  # outbound call id → callback
    told: set[int] = field(default_factory=set)  # due callbacks the operator was told of
    calls: Calls | None = None  # to say which call a callback was booked on
    queue: Callable[[], CallQueue | None] = lambda: None  # where due callbacks go first
    due: list[Callback] = field(default_factory=list)  # at the head of the queue now

    @classmethod
    def attach(cls, screen: CallbackHost, backend: Backend, clock: Clock,
               defaults: CallbackDefaults | None) -> CallbackDesk | None:
        """Wire callbacks into a new main screen (the console does, console/app.py): the
        wrap-up's hook on its call control, `screen.callback_desk` and
        `screen.callback_defaults` for the callbacks pane, and the due check, which starts
        once the desk is ready. None when the backend keeps no callbacks."""
        defaults = defaults or CallbackDefaults()
        screen.callback_defaults = defaults  # type: ignore[attr-defined]
        callbacks = optional_callbacks(backend)
        desk = None if callbacks is None else cls(
            screen.desk, screen, callbacks, clock, screen.call_control.adopt, defaults,
            calls=backend.calls, queue=partial(_queue_of, screen))
        screen.callback_desk = desk  # type: ignore[attr-defined]
        if desk is not None:
            screen.call_control.after_outcome = desk.after_outcome
            screen.later(FIRST_CHECK_AFTER, desk.check_due)
            screen.every(DUE_CHECK_EVERY, desk.check_due)
        return desk

    def check_due(self) -> None:
        if self.desk.ready:  # signed in, the store open
            self.view.launch(self._check_due, "callbacks-due", exclusive=True)
        else:
            self.view.later(FIRST_CHECK_AFTER, self.check_due)

    async def _check_due(self) -> None:
        try:
            await self.callbacks.hand_over_overdue()
            due = await self.callbacks.list_due(self.desk.operator_name)
        except BackendError:
            return  # the queue and the panes report a store that cannot be reached
        self._show_head(due)
        new = [c for c in due if c.id not in self.told]
        self.told = {c.id for c in due}
        if new:
            self.view.say(ngettext(
                "{n} callback due: first in your queue (Enter on it, or F5)",
                "{n} callbacks due: first in your queue (Enter on one, or F5)",
                len(due)).format(n=len(due)))

    def _show_head(self, due: list[Callback]) -> None:
        """Due callbacks at the head of the queue, taken from there with one key."""
        self.due = list(due)
        queue = self.queue()
        if queue is None:
            return
        queue.take_head = self.take
        queue.set_head([HeadContact(c.id, c.due_at, c.number, about(c), c.queue,
                                    _("callback")) for c in due])

    def take(self, contact: HeadContact) -> None:
        """The operator took a due callback from the head of the queue: make it."""
        callback = next((c for c in self.due if c.id == contact.id), None)
        if callback is not None:
            self.view.launch(partial(self.make, callback), "callbacks-make")

    async def make(self, callback: Callback) -> None:
        """Call back now: one operation places the call; it becomes the call in hand."""
        from screens.common import render

        desk = self.desk
        if desk.busy or desk.call is not None:
            self.view.say(_("Finish the call in hand first (F8), then call back."),
                          warning=True)
            return
        desk.busy = True
        try:
            made = await self.callbacks.make_callback(callback.id, desk.operator_name)
            self._show_head([c for c in self.due if c.id != made.id])
            # said before the screen pop, which may ask for a new customer's record
            self.view.say(_("Calling back {number}: {about}").format(
                number=render.pretty_phone(made.number),
                about=render.clean_line(about(made) + await self._previous(made), 300)))
            if made.outbound_call_id is not None:
                self.made[made.outbound_call_id] = made
                await self.adopt(made.outbound_call_id)
        except BackendError as exc:
            self.view.report(exc, _("Callback"))
            self.check_due()  # made by a colleague meanwhile, say: the head is redrawn
        finally:
            desk.busy = False
            self.view.state_changed()

    async def _previous(self, callback: Callback) -> str:
        """" · booked on call N (its day and outcome)", when the call can be read."""
        if callback.call_id is None or self.calls is None:
            return ""
        try:
            call = await self.calls.get_call(callback.call_id)
        except BackendError:
            return ""
        from screens.common import render

        when = call.arrived_at.astimezone(self.defaults.zone)
        outcome = render.outcome_label(call.disposition) or "-"
        return " · " + _("booked on call {id} of {when} ({outcome})").format(
            id=call.id, when=day_time(when), outcome=outcome)

    async def after_outcome(self, call: Call, code: str) -> bool:
        """Before the call is finished with `code`; False keeps the operator in wrap-up."""
        from backends.callbacks.inputs import CallbackCompletion

        try:
            made = self.made.get(call.id) or await self._made_for(call)
            if code.upper() == CALLBACK_CODE and call.state is not CallState.TRANSFERRED:
                return await self._book(call, made)
            if made is not None:
                await self.callbacks.complete_callback(made.id, CallbackCompletion(
                    operator=self.desk.operator_name, outcome=code[:30]))
                self.made.pop(call.id, None)
        except BackendError as exc:
            self.view.report(exc, _("Callback"))
            return False
        return True

    async def _made_for(self, call: Call) -> Callback | None:
        """The callback this call was made for (after a restart of the console)."""
        from backends.callbacks.models import CallbackState

        if call.customer_id is None:
            return None
        dialling = await self.callbacks.list_callbacks(
            customer_id=call.customer_id, states=[CallbackState.DIALLING], limit=20)
        return next((c for c in dialling if c.outbound_call_id == call.id), None)

    async def _book(self, call: Call, made: Callback | None) -> bool:
        from backends.callbacks.inputs import CallbackDraft, CallbackReschedule
        from screens.callbacks.book_dialog import BookCallbackDialog

        number = made.number if made is not None else call.caller
        booking = await self.view.ask(BookCallbackDialog(
            number, self.clock, self.defaults.zone,
            reason=made.reason if made is not None else ""))
        if booking is None:
            return False
        if made is not None:
            moved = await self.callbacks.reschedule_callback(made.id, CallbackReschedule(
                operator=self.desk.operator_name, due_at=booking.due_at,
                note=booking.reason))
            self.made.pop(call.id, None)
            self._said(moved, _("Callback moved to {when}"))
            return True
        booked = await self.callbacks.book_callback(CallbackDraft(
            number=call.caller, reason=booking.reason, customer_id=call.customer_id,
            ticket_id=self.desk.ticket_id or (call.ticket_ids[0] if call.ticket_ids else None),
            call_id=call.id, due_at=booking.due_at, scope=booking.scope,
            window_minutes=self.defaults.window_minutes,
            grace_minutes=self.defaults.grace_minutes, owner=self.desk.operator_name,
            queue=call.queue))
        self._said(booked, _("Callback booked for {when}"))
        return True

    def _said(self, callback: Callback, template: str) -> None:
        from screens.common import render

        when = callback.due_at.astimezone(self.defaults.zone)
        self.view.say(template.format(when=render.clean_line(day_time(when), 40)))


def about(callback: Callback) -> str:
    """What a callback is about, in one line: its ticket and its reason."""
    ticket = f"#{callback.ticket_id} " if callback.ticket_id is not None else ""
    return (ticket + (callback.reason or _("no reason given"))).strip()


def _queue_of(screen: object) -> CallQueue | None:
    """The screen's call queue, once it is mounted."""
    from textual.widget import Widget

    found = screen.query(CallQueue) if isinstance(screen, Widget) else None
    return found.first() if found else None
