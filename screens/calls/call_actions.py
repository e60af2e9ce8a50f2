"""Call handling on the main screen: answer, screen pop, hold, end + wrap-up, pause, ticket,
transfer. Every backend call runs in a worker; a BackendError becomes a notification (or the
offline banner), never a crash. One operation at a time (`busy`), so a double key press cannot
claim two calls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from backends.errors import BackendError, Conflict, NotFound, Unavailable
from backends.i18n import _
from backends.models import Call, CallChanges, CallState, Channel, Customer, Presence
from screens.calls.pause_dialog import PauseDialog
from screens.calls.wrapup_dialog import WrapUpDialog
from screens.common import render
from screens.customers.customer_form import CustomerForm
from screens.customers.customer_picker import CustomerPicker

TRANSFERRED = "TRANSFERRED"  # the outcome code preselected after a transfer, when defined

if TYPE_CHECKING:
    from screens.main_screen import MainScreen

    _Base = MainScreen
else:
    _Base = object


class CallActions(_Base):
    def customer_pane(self) -> Any:
        """The 360 view, whether the main screen builds it up front or on first use."""
        build = getattr(self, "customer_view", None)
        return build() if callable(build) else self.query_one("#customer")

    def report(self, exc: BackendError, title: str = "") -> None:
        if isinstance(exc, Unavailable):
            self.set_offline(True, exc.message)
        render.notify_error(self, exc.message, title=title)

    # -- answer and screen pop -------------------------------------------------------------
    def action_answer_next(self) -> None:
        self.answer(None)

    def action_answer_selected(self) -> None:
        call_id = self.query_one("#queue").selected_call_id()  # type: ignore[attr-defined]
        if call_id is None:
            self.notify(_("No call selected."), severity="warning", markup=False)
            return
        self.answer(call_id)

    @work(exit_on_error=False, group="call")
    async def answer(self, call_id: int | None) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            try:
                call = await self.backend.claim_call(call_id, self.operator_name)
            except NotFound:
                self.notify(_("No call is waiting."), severity="warning", markup=False)
                return
            except Conflict:
                self.notify(_("A colleague answered that call first."), severity="warning",
                            markup=False)
                self.schedule_queue_refresh()
                return
            self.call, self.customer, self.ticket_id = call, None, None
            self.operator = await self.backend.set_presence(self.operator_name,
                                                            Presence.ON_CALL)
            self.state_changed()
            self.schedule_queue_refresh()
            await self.pop_customer()
        except BackendError as exc:
            self.report(exc, _("Answer"))
        finally:
            self.busy = False
            self.refresh_bindings()

    async def pop_customer(self) -> None:
        """Show who is calling: the matched record, a picker, or a prefilled new-customer form."""
        call = self.call
        if call is None:
            return
        if call.customer_id is not None:
            self.show_customer_record(await self.backend.get_customer(call.customer_id))
            return
        matches: list[Customer] = []
        if call.channel in (Channel.VOICE, Channel.SMS):
            matches = await self.backend.find_customers_by_phone(call.caller)
        if len(matches) == 1:
            await self.link_customer(matches[0])
        elif matches:
            chosen = await self.app.push_screen_wait(CustomerPicker(call.caller, matches))
            if chosen is not None:
                await self.link_customer(chosen)
        else:
            number = call.caller if call.channel in (Channel.VOICE, Channel.SMS) else None
            email = call.caller if call.channel is Channel.EMAIL else None
            created = await self.app.push_screen_wait(CustomerForm(self.backend, number, email))
            if created is not None:
                await self.link_customer(created)

    async def link_customer(self, customer: Customer) -> None:
        """Show the customer and record on the call who was on the line."""
        self.show_customer_record(customer)
        call = self.call
        if call is None or call.customer_id == customer.id:
            return
        try:
            self.call = await self.backend.update_call(
                call.id, call.version, CallChanges(customer_id=customer.id))
        except Conflict:
            fresh = await self.backend.get_call(call.id)
            self.call = await self.backend.update_call(
                fresh.id, fresh.version, CallChanges(customer_id=customer.id))

    @work(exit_on_error=False, group="call")
    async def link_found_customer(self, customer: Customer) -> None:
        try:
            await self.link_customer(customer)
        except BackendError as exc:
            self.report(exc, _("Customer"))
        self.state_changed()

    def action_new_customer(self) -> None:
        self.new_customer()

    @work(exit_on_error=False, group="call")
    async def new_customer(self) -> None:
        call = self.call
        number = call.caller if call and call.channel in (Channel.VOICE, Channel.SMS) else None
        created = await self.app.push_screen_wait(CustomerForm(self.backend, number))
        if created is None:
            return
        try:
            if call is not None and call.customer_id is None:
                await self.link_customer(created)
            else:
                self.show_customer_record(created)
        except BackendError as exc:
            self.report(exc, _("Customer"))

    # -- hold, end, wrap-up ----------------------------------------------------------------
    @work(exit_on_error=False, group="call")
    async def action_hold(self) -> None:
        call = self.call
        if call is None or self.busy:
            return
        self.busy = True  # a second F7 before the first is stored would toggle twice
        target = CallState.ACTIVE if call.state is CallState.ON_HOLD else CallState.ON_HOLD
        try:
            self.call = await self.backend.set_call_state(call.id, target,
                                                          operator=self.operator_name)
        except BackendError as exc:
            self.report(exc, _("Hold"))
        finally:
            self.busy = False
            self.state_changed()

    @work(exit_on_error=False, group="call")
    async def action_end_call(self) -> None:
        await self._wrap_up_once()

    async def _wrap_up_once(self) -> None:
        """End (if talking) and ask for the outcome, unless another call operation runs."""
        if self.busy:
            return  # F8 brings the wrap-up back once that operation is done
        self.busy = True
        try:
            await self._end_and_wrap_up()
        except BackendError as exc:
            self.report(exc, _("Wrap-up"))
        finally:
            self.busy = False
            self.state_changed()

    async def _end_and_wrap_up(self) -> None:
        call = self.call
        if call is not None and call.state in (CallState.ACTIVE, CallState.ON_HOLD):
            call = self.call = await self.backend.set_call_state(
                call.id, CallState.WRAP_UP, operator=self.operator_name)
        await self.enter_wrap_up()
        if not self.dispositions:
            self.dispositions = await self.backend.list_dispositions()
        handed_away = call is not None and call.state is CallState.TRANSFERRED
        preselect = (call.disposition or TRANSFERRED) if call and handed_away else None
        code = await self.app.push_screen_wait(WrapUpDialog(self.dispositions, preselect))
        if code is None:
            self.notify(_("Still in wrap-up: F8 chooses the outcome."), severity="warning",
                        markup=False)
            return
        if call is not None and call.state is CallState.WRAP_UP:
            await self.backend.set_call_state(call.id, CallState.DONE,
                                              operator=self.operator_name, disposition=code)
        elif call is not None and handed_away and call.disposition != code:
            await self._record_outcome(call, code)
        self.call, self.ticket_id = None, None
        self.operator = await self.backend.set_presence(self.operator_name, Presence.AVAILABLE)
        self.notify(_("Call closed: {code}. You are available.").format(
            code=render.clean_line(code, 40)), markup=False)

    async def enter_wrap_up(self) -> None:
        if self.operator is None or self.operator.presence is not Presence.WRAP_UP:
            self.operator = await self.backend.set_presence(self.operator_name,
                                                            Presence.WRAP_UP)
        self.state_changed()

    async def _record_outcome(self, call: Call, code: str) -> None:
        """The outcome of a call already handed away (its state stays transferred)."""
        try:
            await self.backend.update_call(call.id, call.version,
                                           CallChanges(disposition=code))
        except Conflict:
            fresh = await self.backend.get_call(call.id)
            await self.backend.update_call(fresh.id, fresh.version,
                                           CallChanges(disposition=code))

    @work(exit_on_error=False, group="call")
    async def wrap_up_transferred(self, call: Call) -> None:
        """The call was handed away (blind, queue, accepted announced or escalation): wrap-up,
        "Transferred" preselected, before this operator is available again."""
        try:
            await self.enter_wrap_up()  # first: even if the dialog cannot show, not available
        except BackendError as exc:
            self.report(exc, _("Wrap-up"))
            return
        await self._wrap_up_once()

    # -- pause -----------------------------------------------------------------------------
    @work(exit_on_error=False, group="call")
    async def action_pause(self) -> None:
        if self.busy or self.operator is None:
            return
        try:
            if self.operator.presence is Presence.PAUSED:
                self.operator = await self.backend.set_presence(self.operator_name,
                                                                Presence.AVAILABLE)
            else:
                reason = await self.app.push_screen_wait(PauseDialog())
                if reason is None:
                    return
                self.operator = await self.backend.set_presence(
                    self.operator_name, Presence.PAUSED, reason)
        except BackendError as exc:
            self.report(exc, _("Pause"))
        finally:
            self.state_changed()

    # -- ticket and transfer (widgets built by the ticket and transfer owners) ---------------
    @work(exit_on_error=False, group="panes")
    async def action_new_ticket(self) -> None:
        editor: Any = self.query_one("#ticket")
        self.show_pane("ticket", focus=False)
        if not hasattr(editor, "new_from_call"):
            return
        try:
            if self.call is not None:
                await editor.new_from_call(self.call, self.customer)
            elif self.customer is not None:
                await editor.new_for_customer(self.customer)
        except BackendError as exc:
            self.report(exc, _("Ticket"))
        self.focus_into("ticket")

    @work(exit_on_error=False, group="panes")
    async def on_customer_view_open_ticket(self, event: Any) -> None:
        editor: Any = self.query_one("#ticket")
        self.show_pane("ticket", focus=False)
        if hasattr(editor, "open_ticket"):
            try:
                await editor.open_ticket(event.ticket_id)
            except BackendError as exc:
                self.report(exc, _("Ticket"))
        self.focus_into("ticket")

    def on_ticket_editor_saved(self, event: Any) -> None:
        ticket = event.ticket
        self.ticket_id = ticket.id
        self.notify(_("Ticket {ref} saved.").format(ref=render.clean_line(ticket.ref, 30)),
                    markup=False)
        if self.customer is not None:
            self.customer_pane().show_customer(self.customer.id)

    def action_transfer(self) -> None:
        panel: Any = self.query_one("#transfer")
        if self.call is not None and hasattr(panel, "set_call"):
            panel.set_call(self.call, self.ticket_id)
        self.show_pane("transfer")

    def on_transfer_panel_declined(self, event: Any) -> None:
        self.notify(_("The transfer was not accepted: the caller is still with you."),
                    severity="warning", markup=False)
        self.reload_call()

    def on_transfer_panel_transferred(self, event: Any) -> None:
        self.notify(_("Transfer sent to {target}.").format(
            target=render.clean_line(event.transfer.target, 60)), markup=False)
        self.reload_call()
