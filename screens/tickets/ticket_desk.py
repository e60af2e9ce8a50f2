"""What the main screen does with the ticket pane: a new ticket for the call or customer, a
ticket opened from the customer's history, drafts a crashed session left behind, and the
confirmation of a save (docs/ARCHITECTURE.md, "screens/"). The editor itself is imported on
first use: it is not needed for the first frame, and the pane is built only when used."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from backends.errors import BackendError
from backends.i18n import _
from backends.models import Ticket
from screens.common import render
from screens.common.desk import Desk, DeskView

if TYPE_CHECKING:
    from screens.tickets.ticket_editor import TicketEditor

PANE = "ticket"


class TicketDesk:
    def __init__(self, desk: Desk, view: DeskView, *, drafts_dir: Path) -> None:
        """`drafts_dir`: the operator's drafts folder, the one the editor keeps drafts in."""
        self.desk = desk
        self.view = view
        self.drafts_dir = drafts_dir

    async def _editor(self) -> TicketEditor | None:
        """The editor once mounted (built now if need be), or None while a placeholder holds
        its slot."""
        from screens.tickets.ticket_editor import TicketEditor

        widget = await self.view.pane_ready(PANE)
        return widget if isinstance(widget, TicketEditor) else None

    def new_ticket(self) -> None:
        self.view.launch(self._new_ticket, "panes")

    async def _new_ticket(self) -> None:
        """F9: the call's ticket when it has one (a second F9 makes another), else a new one
        for the call or the customer."""
        editor = await self._editor()
        self.view.show_pane(PANE, focus=False)
        if editor is None:
            return
        try:
            existing = await self._ticket_of_call(editor)
            if existing is not None and (editor.ticket is None or editor.ticket.id != existing):
                await editor.open_ticket(existing)
                self.view.say(_("This call's ticket is open: F9 again makes another."))
            elif self.desk.call is not None:
                await editor.new_from_call(self.desk.call, self.desk.customer)
            elif self.desk.customer is not None:
                await editor.new_for_customer(self.desk.customer)
        except BackendError as exc:
            self.view.report(exc, _("Ticket"))
        self.view.focus_into(PANE)

    async def _ticket_of_call(self, editor: TicketEditor) -> int | None:
        """The ticket saved on this call (this session's, or the newest of the caller's
        tickets that lists the call), None when it has none yet."""
        call = self.desk.call
        if call is None:
            return None
        if self.desk.ticket_id is not None:
            return self.desk.ticket_id
        if call.customer_id is None:
            return None
        for ticket in await editor.tickets.list_tickets(customer_id=call.customer_id,
                                                        limit=20):
            if call.id in ticket.call_ids:
                return ticket.id
        return None

    def stray_text(self, character: str) -> bool:
        """A character that reached the screen (no text field had the focus): into the
        ticket's note when the editor is built and in view; True when taken."""
        from screens.tickets.ticket_editor import TicketEditor

        editor = self.view.built_pane(PANE)
        return isinstance(editor, TicketEditor) and editor.take_stray_text(character)

    def open_ticket(self, ticket_id: int) -> None:
        self.view.launch(partial(self._open_ticket, ticket_id), "panes")

    async def _open_ticket(self, ticket_id: int) -> None:
        editor = await self._editor()
        self.view.show_pane(PANE, focus=False)
        if editor is not None:
            try:
                await editor.open_ticket(ticket_id)
            except BackendError as exc:
                self.view.report(exc, _("Ticket"))
        self.view.focus_into(PANE)

    def saved(self, ticket: Ticket) -> None:
        self.desk.ticket_id = ticket.id
        self.view.say(_("Ticket {ref} saved.").format(ref=render.clean_line(ticket.ref, 30)))
        if self.desk.customer is not None:
            self.view.redraw_customer(self.desk.customer.id)

    def offer_drafts(self) -> None:
        """Ticket drafts a crashed session left behind, offered back once at start."""
        self.view.launch(self._offer_drafts, "drafts")

    async def _offer_drafts(self) -> None:
        from screens.tickets.draft_recovery import DraftRecoveryDialog
        from screens.tickets.drafts import DraftStore

        store = DraftStore(self.drafts_dir)
        operator = self.desk.operator_name
        # only this operator's: another login's drafts may share the folder (an older
        # layout, a case-insensitive disk) and must be neither offered nor discarded here
        pending = store.pending(operator=operator)
        if not pending:
            return
        draft = await self.view.ask(DraftRecoveryDialog(pending, store, operator=operator))
        if draft is not None:
            editor = await self._editor()
            if editor is None:
                return
            self.view.show_pane(PANE, focus=False)
            try:
                await editor.restore_draft(draft)
            except BackendError as exc:
                self.view.report(exc, _("Ticket"))
            self.view.focus_into(PANE)
