"""Keys of the ticket editor and the transfer panel, in the console's key table format
(screens.keys.KeySpec), so the main screen can list them in help and accept them in a keymap.

The actions run on the widget (`#ticket` editor, `#transfer` panel), not on the screen.
Defaults are ctrl-combos that neither Input nor TextArea uses, so they work while typing.
"""

from __future__ import annotations

from screens.keys import KeySpec

EDITOR_KEYS: tuple[KeySpec, ...] = (
    KeySpec("ticket.save", "ctrl+s", "save", "Save",
            "Save the ticket (fields and the note being written)"),
    KeySpec("ticket.escalate", "ctrl+t", "escalate", "Escalate",
            "Escalate the ticket to the next tier"),
    KeySpec("ticket.add_note", "ctrl+n", "add_entry('note')", "Add note",
            "Add the text written as an internal note"),
    KeySpec("ticket.add_reply", "ctrl+r", "add_entry('reply')", "Add reply",
            "Add the text written as a reply to the customer"),
)

TRANSFER_KEYS: tuple[KeySpec, ...] = (
    KeySpec("transfer.blind", "ctrl+b", "transfer('blind')", "Blind",
            "Blind transfer to the highlighted entry (Enter in the filter does the same)"),
    KeySpec("transfer.warm", "ctrl+o", "transfer('warm')", "Announced",
            "Announced transfer: the colleague accepts or declines"),
    KeySpec("transfer.queue", "ctrl+l", "transfer('queue')", "To queue",
            "Put the call in the highlighted queue"),
    KeySpec("transfer.escalate", "ctrl+t", "escalate", "Supervisor",
            "Escalate the call to a supervisor"),
)

WIDGET_KEYS: dict[str, tuple[KeySpec, ...]] = {"ticket": EDITOR_KEYS,
                                               "transfer": TRANSFER_KEYS}
