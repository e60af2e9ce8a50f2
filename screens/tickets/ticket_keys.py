"""Keys of the ticket editor (`#ticket`), in the console's key table format
(screens.common.keys.KeySpec), so the help screen lists them and a keymap may remap them
(docs/ARCHITECTURE.md, "screens/").

The actions run on the editor, not on the screen. Defaults are ctrl-combos that neither Input
nor TextArea uses, so they work while typing.
"""

from __future__ import annotations

from backends.i18n import N_
from screens.common.keys import KeySpec

EDITOR_KEYS: tuple[KeySpec, ...] = (
    KeySpec("ticket.save", "ctrl+s", "save", N_("Save"),
            N_("Save the ticket (fields and the note being written)")),
    KeySpec("ticket.escalate", "ctrl+t", "escalate", N_("Escalate"),
            N_("Escalate the ticket to the next tier")),
    KeySpec("ticket.add_note", "ctrl+n", "add_entry('note')", N_("Add note"),
            N_("Add the text written as an internal note")),
    KeySpec("ticket.add_reply", "ctrl+r", "add_entry('reply')", N_("Add reply"),
            N_("Add the text written as a reply to the customer")),
)
