"""The ticket editor's pane, for the pane registry (screens/panes.py; docs/ARCHITECTURE.md).
The editor reads the store as soon as it mounts, so it is built once the store is open; and
since it has nothing to edit before a ticket, call or customer is given, only when first used
(F9, a call answered, its tab opened): at 120 columns, where it is in front, that saves about
a third of the start-up."""

from __future__ import annotations

from textual.widget import Widget

from screens.common.pane_spec import Built, PaneContext, PaneSpec
from screens.tickets.ticket_keys import EDITOR_KEYS


def _editor(context: PaneContext) -> Widget:
    from screens.tickets.drafts import DraftStore
    from screens.tickets.ticket_editor import TicketEditor

    backend = context.backend
    return TicketEditor(backend.tickets, backend.calls, backend.customers,
                        context.operator_name, DraftStore(context.drafts_dir), id="ticket")


TICKET_PANE = PaneSpec("ticket", "Ticket F9", "right", _editor, Built.ONCE_OPEN,
                       widget_keys=EDITOR_KEYS, keys_title="Ticket editor",
                       idle_text="No ticket open (F9: new ticket)")
