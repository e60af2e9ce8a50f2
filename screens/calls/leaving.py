"""Leaving work half done, and finding it again (docs/ARCHITECTURE.md, "screens/"): what
Ctrl+Q should warn about (a call in hand, a ticket with unsaved changes), and, at the next
start, the call this operator still holds offered back (resume, or end and wrap up) instead
of a screen pop that would ask for a new customer again."""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from backends.customers.api import Customers
from backends.errors import BackendError
from backends.i18n import _
from backends.models import Call, CallState
from screens.calls.call_control import CallControl
from screens.common import render
from screens.common.desk import Desk, DeskView

AWAITING_OUTCOME = frozenset({CallState.WRAP_UP, CallState.TRANSFERRED})


class Leaving:
    def __init__(self, desk: Desk, view: DeskView, *, customers: Customers,
                 call_control: CallControl,
                 ticket_editor: Callable[[], Widget | None]) -> None:
        """`ticket_editor()`: the ticket editor if it is built, else None."""
        self.desk = desk
        self.view = view
        self.customers = customers
        self.call_control = call_control
        self._ticket_editor = ticket_editor

    def _editor(self) -> Widget | None:
        from screens.tickets.ticket_editor import TicketEditor

        editor = self._ticket_editor()
        return editor if isinstance(editor, TicketEditor) else None

    def concerns(self) -> list[str]:
        """Why quitting now would leave something half done (empty: nothing)."""
        from screens.tickets.ticket_editor import TicketEditor

        found: list[str] = []
        call = self.desk.call
        if call is not None:
            caller = render.clean_line(render.pretty_phone(call.caller), 30)
            if call.state in AWAITING_OUTCOME:
                found.append(_("The call from {caller} still needs its outcome (F8).").format(
                    caller=caller))
            else:
                found.append(_("A call from {caller} is in progress: it stays open.").format(
                    caller=caller))
        editor = self._editor()
        if isinstance(editor, TicketEditor) and editor.has_unsaved_changes():
            found.append(_("The ticket has unsaved changes (Ctrl+S saves them; they are kept "
                           "as a draft)."))
        return found

    def keep_drafts(self) -> None:
        """Write the unsaved ticket to its draft now (quitting)."""
        from screens.tickets.ticket_editor import TicketEditor

        editor = self._editor()
        if isinstance(editor, TicketEditor):
            editor.flush_draft()

    async def offer_back(self, call: Call) -> None:
        """At start: the call left open is in hand again; ask whether to resume it or to end
        it and record its outcome. Only inside launched work (it waits for the answer)."""
        from screens.calls.leave_dialogs import ResumeDialog

        desk = self.desk
        desk.call = call
        self.view.state_changed()
        name = None
        if call.customer_id is not None:
            try:
                customer = await self.customers.get_customer(call.customer_id)
            except BackendError as exc:
                self.view.report(exc)
            else:
                name = customer.name
                self.view.show_customer_record(customer)
        choice = await self.view.ask(ResumeDialog(call, name))
        if choice == "wrap_up" or call.state in AWAITING_OUTCOME:
            self.call_control.end_call()
        elif call.customer_id is None:
            self.view.say(_("Call resumed. F3 finds the caller; Ctrl+F records a new "
                            "customer."))
