"""Keys of the transfer panel (`#transfer`), in the console's key table format
(screens.common.keys.KeySpec), so the help screen lists them and a keymap may remap them
(docs/ARCHITECTURE.md, "screens/").

The actions run on the panel, not on the screen. Defaults are ctrl-combos (and Escape) that
Input does not use, so they work while typing in the filter. "Cancel offer" is offered (and
shown in the footer) only while an offer waits for its answer.
"""

from __future__ import annotations

from screens.common.keys import KeySpec

TRANSFER_KEYS: tuple[KeySpec, ...] = (
    KeySpec("transfer.blind", "ctrl+b", "transfer('blind')", "Blind",
            "Blind transfer to the highlighted entry (Enter in the filter does the same)"),
    KeySpec("transfer.warm", "ctrl+o", "transfer('warm')", "Announced",
            "Announced transfer: the colleague accepts or declines"),
    KeySpec("transfer.queue", "ctrl+l", "transfer('queue')", "To queue",
            "Put the call in the highlighted queue"),
    KeySpec("transfer.escalate", "ctrl+t", "escalate", "Supervisor",
            "Escalate the call to a supervisor"),
    KeySpec("transfer.cancel", "escape", "cancel_offer", "Cancel offer",
            "Take back the announced transfer or escalation still waiting for an answer"),
)
