"""Keys of the transfer panel (`#transfer`), in the console's key table format
(screens.common.keys.KeySpec), so the help screen lists them and a keymap may remap them
(docs/ARCHITECTURE.md, "screens/").

The actions run on the panel, not on the screen. Defaults are ctrl-combos (and Escape) that
Input does not use, so they work while typing in the filter. "Cancel offer" is offered (and
shown in the footer) only while an offer waits for its answer.
"""

from __future__ import annotations

from backends.i18n import N_
from screens.common.keys import KeySpec

TRANSFER_KEYS: tuple[KeySpec, ...] = (
    KeySpec("transfer.blind", "ctrl+b", "transfer('blind')", N_("Blind"),
            N_("Blind transfer to the highlighted entry (Enter in the filter does the same)")),
    KeySpec("transfer.warm", "ctrl+o", "transfer('warm')", N_("Announced"),
            N_("Announced transfer: the colleague accepts or declines")),
    KeySpec("transfer.queue", "ctrl+l", "transfer('queue')", N_("To queue"),
            N_("Put the call in the highlighted queue")),
    KeySpec("transfer.escalate", "ctrl+t", "escalate", N_("Supervisor"),
            N_("Escalate the call to a supervisor")),
    KeySpec("transfer.cancel", "escape", "cancel_offer", N_("Cancel offer"),
            N_("Take back the announced transfer or escalation still waiting for an answer")),
)
