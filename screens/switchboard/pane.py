"""The Messages pane of the operator's main screen (issue 19): the inbox of messages a
receptionist took for this operator, with the unread count, following the change feed's
`message` events; Ctrl+E brings it forward, C calls back, D marks done. The pane registry
(screens/panes.py) lists it (docs/ARCHITECTURE.md, "screens/", adding a pane)."""

from __future__ import annotations

from textual.widget import Widget

from backends.i18n import N_
from screens.common.keys import KeySpec
from screens.common.pane_spec import Built, PaneContext, PaneSpec
from screens.switchboard.message_keys import MESSAGE_KEYS


def _inbox(context: PaneContext) -> Widget:
    from backends.messages.api import MESSAGES
    from screens.switchboard.inbox import InboxView

    backend = context.backend
    return InboxView(backend.domain(MESSAGES), backend.calls, context.operator_name,
                     id="messages")


MESSAGES_PANE = PaneSpec(
    "messages", N_("Messages ^K"), "right", _inbox, Built.ONCE_OPEN,
    subjects=frozenset({"message"}), widget_keys=MESSAGE_KEYS, keys_title=N_("Messages"),
    key=KeySpec("show_messages", "ctrl+k", "show_pane('messages')", N_("Messages"),
                N_("Show the messages taken for you"), show=False))  # the tab names the key
