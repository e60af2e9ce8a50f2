"""The transfer panel's pane, for the pane registry (screens/panes.py; docs/ARCHITECTURE.md).
The panel reads the store as soon as it mounts, so it is built once the store is open; it
follows transfer events to show an answer at once."""

from __future__ import annotations

from textual.widget import Widget

from backends.capabilities import Capability
from screens.common.pane_spec import Built, PaneContext, PaneSpec
from screens.transfers.transfer_keys import TRANSFER_KEYS


def _panel(context: PaneContext) -> Widget:
    from screens.transfers.transfer_panel import TransferPanel

    backend = context.backend
    return TransferPanel(backend.transfers, backend.people, context.operator_name,
                         lists_operators=Capability.OPERATORS in backend.capabilities,
                         offer_timeout=context.offer_timeout, id="transfer")


TRANSFER_PANE = PaneSpec("transfer", "Transfer F10", "right", _panel, Built.ONCE_OPEN,
                         subjects=frozenset({"transfer"}), widget_keys=TRANSFER_KEYS,
                         keys_title="Transfer")
