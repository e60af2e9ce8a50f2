"""What the main screen does with the transfer pane: hand it the call in hand, and tell the
operator how a transfer went (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from backends.i18n import _
from backends.transfers.models import Transfer
from screens.common import render
from screens.common.desk import Desk, DeskView
from screens.common.directory_names import department_name

if TYPE_CHECKING:
    from screens.transfers.transfer_panel import TransferPanel

PANE = "transfer"


class TransferDesk:
    def __init__(self, desk: Desk, view: DeskView, *, reload_call: Callable[[], None]) -> None:
        self.desk = desk
        self.view = view
        self._reload_call = reload_call

    async def _panel(self) -> TransferPanel | None:
        """The panel once mounted (built now if need be), or None while a placeholder holds
        its slot."""
        from screens.transfers.transfer_panel import TransferPanel

        widget = await self.view.pane_ready(PANE)
        return widget if isinstance(widget, TransferPanel) else None

    def transfer(self) -> None:
        self.view.launch(self._transfer, "panes")

    async def _transfer(self) -> None:
        panel = await self._panel()
        if self.desk.call is not None and panel is not None:
            panel.set_call(self.desk.call, self.desk.ticket_id)
        self.view.show_pane(PANE)

    def follow_call(self, widget: object | None) -> None:
        """The desk's call changed (answered, finished, handed away): the panel, if built,
        forgets the last call's target, note and outcome."""
        if widget is None:
            return  # not built: nothing to forget, and its module need not load (start-up)
        from screens.transfers.transfer_panel import TransferPanel

        if not isinstance(widget, TransferPanel):
            return
        call = self.desk.call
        if (call is None) != (widget.call is None) or (
                call is not None and widget.call is not None and call.id != widget.call.id):
            widget.set_call(call, self.desk.ticket_id, focus=False)

    def declined(self) -> None:
        """The panel said how (declined, timed out, cancelled, withdrawn): read the call."""
        self._reload_call()

    def transferred(self, transfer: Transfer) -> None:
        self.view.say(_("Transfer sent to {target}.").format(
            target=render.clean_line(department_name(transfer.target), 60)))
        self._reload_call()
