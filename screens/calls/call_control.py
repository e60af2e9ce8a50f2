"""Call handling at the operator's desk: answer, screen pop, hold, end + wrap-up, pause
(docs/ARCHITECTURE.md, "screens/"). Every backend call runs in a worker of the screen; a
BackendError becomes a notification (or the offline banner), never a crash. One operation at a
time (`desk.busy`), so a double key press cannot claim two calls. The dialogs are imported
when first shown: start-up does not wait for them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from backends.calls.api import Calls
from backends.calls.models import Call, CallState, Channel
from backends.checks import utcnow
from backends.customers.api import Customers
from backends.customers.models import Customer
from backends.errors import BackendError, Conflict, NotFound
from backends.i18n import _
from backends.people.api import People
from backends.people.models import Presence
from screens.common import render
from screens.common.desk import Desk, DeskView

TRANSFERRED = "TRANSFERRED"  # the outcome code preselected after a transfer, when defined
TALKING = (CallState.ACTIVE, CallState.ON_HOLD)
AWAITING_OUTCOME = (CallState.WRAP_UP, CallState.TRANSFERRED)  # ended, outcome still to come
ENDING = TALKING + AWAITING_OUTCOME  # the states `end_call` takes (the others: Conflict)


class CallControl:
    def __init__(self, desk: Desk, view: DeskView, *, calls: Calls, customers: Customers,
                 people: People, refresh_queue: Callable[[], None],
                 after_outcome: Callable[[Call, str], Awaitable[bool]] | None = None) -> None:
        """`after_outcome(call, code)`: runs when the outcome is chosen, before the call is
        finished with it (callbacks: book, complete); False keeps the operator in wrap-up."""
        self.desk = desk
        self.view = view
        self.calls = calls
        self.customers = customers
        self.people = people
        self._queue_changed = refresh_queue  # coalesced by the queue's refresher
        self.after_outcome = after_outcome  # set later by whoever wires it (callbacks)

    # -- answer and screen pop -------------------------------------------------------------
    async def adopt(self, call_id: int) -> None:
        """A call this operator placed elsewhere (a callback made) becomes the call in hand."""
        desk = self.desk
        try:
            desk.call, desk.ticket_id = await self.calls.get_call(call_id), None
            desk.operator = await self.people.get_operator(desk.operator_name)
            self.view.state_changed()
            await self.pop_customer()
        except BackendError as exc:
            self.view.report(exc, _("Call"))
        self.view.state_changed()

    def answer(self, call_id: int | None) -> None:
        self.view.launch(partial(self._answer, call_id), "call")

    async def _answer(self, call_id: int | None) -> None:
        desk = self.desk
        if desk.busy:
            return
        desk.busy = True
        try:
            try:
                # the claim and the operator on a call are one operation
                call = await self.calls.answer_call(call_id, desk.operator_name)
            except NotFound:
                self.view.say(_("No call is waiting."), warning=True)
                return
            except Conflict:
                self.view.say(_("A colleague answered that call first."), warning=True)
                self._queue_changed()
                return
            desk.call, desk.customer, desk.ticket_id = call, None, None
            await self._presence_now(Presence.ON_CALL)
            self.view.state_changed()
            self._queue_changed()
            await self.pop_customer()
        except BackendError as exc:
            self.view.report(exc, _("Answer"))
        finally:
            desk.busy = False
            self.view.refresh_bindings()

    async def pop_customer(self) -> None:
        """Show who is calling: the matched record, a picker, or a prefilled new-customer form."""
        from screens.customers.customer_form import CustomerForm
        from screens.customers.customer_picker import CustomerPicker

        call = self.desk.call
        if call is None:
            return
        if call.customer_id is not None:
            self.view.show_customer_record(await self.customers.get_customer(call.customer_id))
            return
        matches: list[Customer] = []
        if call.channel in (Channel.VOICE, Channel.SMS):
            matches = await self.customers.find_customers_by_phone(call.caller)
        if len(matches) == 1:
            await self.link_customer(matches[0])
        elif matches:
            chosen = await self.view.ask(CustomerPicker(call.caller, matches))
            if chosen is not None:
                await self.link_customer(chosen)
        else:
            number = call.caller if call.channel in (Channel.VOICE, Channel.SMS) else None
            email = call.caller if call.channel is Channel.EMAIL else None
            created = await self.view.ask(CustomerForm(self.customers, number, email))
            if created is not None:
                await self.link_customer(created)

    async def link_customer(self, customer: Customer) -> None:
        """Show the customer and record on the call who was on the line."""
        from backends.calls.inputs import CallChanges  # pydantic: only when a call is edited

        self.view.show_customer_record(customer)
        call = self.desk.call
        if call is None or call.customer_id == customer.id:
            return
        try:
            self.desk.call = await self.calls.update_call(
                call.id, call.version, CallChanges(customer_id=customer.id))
        except Conflict:
            fresh = await self.calls.get_call(call.id)
            self.desk.call = await self.calls.update_call(
                fresh.id, fresh.version, CallChanges(customer_id=customer.id))

    def link_found_customer(self, customer: Customer) -> None:
        self.view.launch(partial(self._link_found_customer, customer), "call")

    async def _link_found_customer(self, customer: Customer) -> None:
        try:
            await self.link_customer(customer)
        except BackendError as exc:
            self.view.report(exc, _("Customer"))
        self.view.state_changed()

    def new_customer(self) -> None:
        self.view.launch(self._new_customer, "call")

    async def _new_customer(self) -> None:
        from screens.customers.customer_form import CustomerForm

        call = self.desk.call
        number = call.caller if call and call.channel in (Channel.VOICE, Channel.SMS) else None
        created = await self.view.ask(CustomerForm(self.customers, number))
        if created is None:
            return
        try:
            if call is not None and call.customer_id is None:
                await self.link_customer(created)
            else:
                self.view.show_customer_record(created)
        except BackendError as exc:
            self.view.report(exc, _("Customer"))

    # -- hold, end, wrap-up ----------------------------------------------------------------
    def hold(self) -> None:
        self.view.launch(self._hold, "call")

    async def _hold(self) -> None:
        desk = self.desk
        call = desk.call
        if call is None or desk.busy:
            return
        desk.busy = True  # a second F7 before the first is stored would toggle twice
        target = CallState.ACTIVE if call.state is CallState.ON_HOLD else CallState.ON_HOLD
        try:
            desk.call = await self.calls.set_call_state(call.id, target,
                                                        operator=desk.operator_name)
        except BackendError as exc:
            self.view.report(exc, _("Hold"))
        finally:
            desk.busy = False
            self.view.state_changed()

    def end_call(self) -> None:
        self.view.launch(self._wrap_up_once, "call")

    async def _wrap_up_once(self) -> None:
        """End (if talking) and ask for the outcome, unless another call operation runs."""
        desk = self.desk
        if desk.busy:
            return  # F8 brings the wrap-up back once that operation is done
        desk.busy = True
        try:
            await self._end_and_wrap_up()
        except BackendError as exc:
            self.view.report(exc, _("Wrap-up"))
        finally:
            desk.busy = False
            self.view.state_changed()

    async def _end_and_wrap_up(self) -> None:
        from screens.calls.wrapup_dialog import WrapUpDialog

        desk = self.desk
        call = desk.call
        if call is not None and call.state in ENDING:
            # the call to wrap_up (if talking) and the operator in wrap-up: one operation
            call = desk.call = await self.calls.end_call(call.id, desk.operator_name)
            await self._presence_now(Presence.WRAP_UP)
            self.view.state_changed()
        else:
            await self.enter_wrap_up()
        if not desk.dispositions:
            desk.dispositions = await self.people.list_dispositions()
        handed_away = call is not None and call.state is CallState.TRANSFERRED
        preselect = (call.disposition or TRANSFERRED) if call and handed_away else None
        code = await self.view.ask(WrapUpDialog(desk.dispositions, preselect))
        if code is None or (call is not None and self.after_outcome is not None
                            and not await self.after_outcome(call, code)):
            self.view.say(_("Still in wrap-up: F8 chooses the outcome."), warning=True)
            return
        if call is not None and call.state in AWAITING_OUTCOME:
            # done with the outcome (or the outcome of a call handed away) and the operator
            # available: one operation
            await self.calls.finish_call(call.id, desk.operator_name, code)
            desk.call, desk.ticket_id = None, None
            await self._presence_now(Presence.AVAILABLE)
        else:
            desk.call, desk.ticket_id = None, None
            desk.operator = await self.people.set_presence(desk.operator_name,
                                                           Presence.AVAILABLE)
        # the outcome as the operator chose it (its label), never its stored code
        self.view.say(_("Call closed: {code}. You are available.").format(
            code=render.clean_line(render.outcome_label(code), 60)))

    async def enter_wrap_up(self) -> None:
        """The operator in wrap-up without a call of theirs to end (or before it is ended)."""
        desk = self.desk
        if desk.operator is None or desk.operator.presence is not Presence.WRAP_UP:
            desk.operator = await self.people.set_presence(desk.operator_name,
                                                           Presence.WRAP_UP)
        self.view.state_changed()

    async def _presence_now(self, presence: Presence) -> None:
        """The operator as an atomic use case left them (it returns the call only): read back
        for the status line; if that read fails, the presence it set, shown locally, until the
        change feed brings the stored operator."""
        desk = self.desk
        try:
            desk.operator = await self.people.get_operator(desk.operator_name)
        except BackendError:
            if desk.operator is not None:
                desk.operator = desk.operator.model_copy(update={
                    "presence": presence, "pause_reason": None, "presence_since": utcnow()})

    def wrap_up_transferred(self, call: Call) -> None:
        """The call was handed away (blind, queue, accepted announced or escalation): wrap-up,
        "Transferred" preselected, before this operator is available again."""
        self.view.launch(self._wrap_up_transferred, "call")

    async def _wrap_up_transferred(self) -> None:
        try:
            await self.enter_wrap_up()  # first: even if the dialog cannot show, not available
        except BackendError as exc:
            self.view.report(exc, _("Wrap-up"))
            return
        await self._wrap_up_once()

    # -- pause -----------------------------------------------------------------------------
    def pause(self) -> None:
        self.view.launch(self._pause, "call")

    async def _pause(self) -> None:
        from screens.calls.pause_dialog import PauseDialog

        desk = self.desk
        if desk.busy or desk.operator is None:
            return
        try:
            if desk.operator.presence is Presence.PAUSED:
                desk.operator = await self.people.set_presence(desk.operator_name,
                                                               Presence.AVAILABLE)
            else:
                reason = await self.view.ask(PauseDialog())
                if reason is None:
                    return
                desk.operator = await self.people.set_presence(
                    desk.operator_name, Presence.PAUSED, reason)
        except BackendError as exc:
            self.view.report(exc, _("Pause"))
        finally:
            self.view.state_changed()
