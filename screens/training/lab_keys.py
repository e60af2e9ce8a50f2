"""The keys of the lab's screens, with stable ids (remappable like every key: see
screens/common/keys.py; docs/ARCHITECTURE.md, "screens/"). Letters: the lab's screens have no
text field outside their prompts."""

from __future__ import annotations

from textual.binding import BindingType

from backends.i18n import N_
from screens.common.keys import KeySpec, binding

# the trainee's actions; `action` is "act('<Action>')" on the trainee screen
TRAINEE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("lab_answer", "a", "act('answer')", N_("Answer"), N_("Answer the ringing call")),
    KeySpec("lab_identify", "i", "act('identify')", N_("Identify"),
            N_("Identify the caller: find the customer")),
    KeySpec("lab_info", "n", "act('info')", N_("Inform"), N_("Give the caller information")),
    KeySpec("lab_ticket", "t", "act('ticket')", N_("Ticket"),
            N_("Open a ticket: category and priority")),
    KeySpec("lab_escalate", "e", "act('escalate')", N_("Escalate"), N_("Escalate to a tier")),
    KeySpec("lab_transfer", "x", "act('transfer')", N_("Transfer"),
            N_("Transfer to a department")),
    KeySpec("lab_message", "m", "act('message')", N_("Message"),
            N_("Take a message for an absent colleague")),
    KeySpec("lab_script", "s", "act('script')", N_("Script"), N_("Mark a step of the call script")),
    KeySpec("lab_note", "o", "act('note')", N_("Note"), N_("Write a note on the call")),
    KeySpec("lab_details", "d", "act('account_details')", N_("Details"),
            N_("Read account details to the caller"), show=False),
    KeySpec("lab_wrong", "w", "act('wrong_question')", N_("Off-topic"),
            N_("Ask a question off the caller's point"), show=False),
    KeySpec("lab_hang_up", "h", "act('hang_up')", N_("Hang up"), N_("End the call")),
    KeySpec("lab_outcome", "u", "act('outcome')", N_("Outcome"), N_("Record the call's outcome")),
    KeySpec("lab_finish", "f", "finish", N_("Finish"),
            N_("Finish this scenario and see the result; again for the next")),
)

BOARD_KEYS: tuple[KeySpec, ...] = (
    KeySpec("lab_open", "enter", "open", N_("Timeline"),
            N_("Open the selected trainee's call: replay, score, comment")),
    KeySpec("lab_refresh", "r", "refresh", N_("Refresh"), N_("Read every trainee again")),
    KeySpec("lab_sessions", "p", "sessions", N_("Sessions"),
            N_("Show another lab session on the board")),
)

DEBRIEF_KEYS: tuple[KeySpec, ...] = (
    KeySpec("lab_score", "s", "score", N_("Score"), N_("Score the criteria a person judges")),
    KeySpec("lab_next_line", "right", "step(1)", N_("Next"), N_("Replay: the next line")),
    KeySpec("lab_previous_line", "left", "step(-1)", N_("Previous"), N_("Replay: the line before")),
    KeySpec("lab_all_lines", "end", "step(1000)", N_("All"), N_("Replay: the whole call")),
    KeySpec("lab_back", "escape", "back", N_("Back"), N_("Back to the board")),
)


def bindings(specs: tuple[KeySpec, ...]) -> list[BindingType]:
    return [binding(spec) for spec in specs]
