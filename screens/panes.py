"""The pane registry: every working pane of the main screen, in tab order. A new pane is a new
module declaring its PaneSpec (screens/common/pane_spec.py) and one line here; the main
screen, the live feed, the help screen and the keymap read this tuple
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from screens.callbacks.pane import CALLBACK_PANE
from screens.common.pane_spec import PaneSpec
from screens.customers.panes import CUSTOMER_PANE, LOOKUP_PANE
from screens.switchboard.pane import MESSAGES_PANE
from screens.tickets.pane import TICKET_PANE
from screens.transfers.pane import TRANSFER_PANE

PANES: tuple[PaneSpec, ...] = (
    LOOKUP_PANE,
    CUSTOMER_PANE,
    TICKET_PANE,
    TRANSFER_PANE,
    CALLBACK_PANE,
    MESSAGES_PANE,
)
BY_ID: dict[str, PaneSpec] = {pane.id: pane for pane in PANES}
