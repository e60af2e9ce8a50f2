"""The keys of the messages inbox, for its pane's registration and the inbox widget alike
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from backends.i18n import N_
from screens.common.keys import KeySpec

MESSAGE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("inbox_call_back", "c", "call_back", N_("Call back"),
            N_("Call the highlighted message's caller back (an outbound call)")),
    KeySpec("inbox_done", "d", "done", N_("Done"), N_("Mark the highlighted message done")),
)
