"""Keys of the callbacks panel (`#callbacks`), in the console's key table format
(screens.common.keys.KeySpec), so the help screen lists them and a keymap may remap them
(docs/ARCHITECTURE.md, "screens/"). Enter on a row makes it too."""

from __future__ import annotations

from backends.i18n import N_
from screens.common.keys import KeySpec

CALLBACK_KEYS: tuple[KeySpec, ...] = (
    KeySpec("callbacks.make", "ctrl+d", "make", N_("Dial back"),
            N_("Call back the highlighted callback now (Enter does the same)")),
    KeySpec("callbacks.book", "ctrl+b", "book", N_("Book"),
            N_("Book a callback for the customer shown, on the ticket open (from a ticket)")),
    KeySpec("callbacks.survey", "ctrl+e", "survey", N_("Survey"),
            N_("Read the satisfaction survey to the caller of the call in hand")),
    KeySpec("feedback.list", "ctrl+w", "feedback", N_("Feedback"),
            N_("List, search and capture complaints and suggestions")),
)
