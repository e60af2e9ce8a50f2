"""The keys of the lab's screens, with stable ids (remappable like every key: see
screens/common/keys.py; docs/ARCHITECTURE.md, "screens/"). Letters: the lab's screens have no
text field outside their prompts."""

from __future__ import annotations

from textual.binding import BindingType

from screens.common.keys import KeySpec, binding

# the trainee's actions; `action` is "act('<Action>')" on the trainee screen
TRAINEE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("lab_answer", "a", "act('answer')", "Answer", "Answer the ringing call"),
    KeySpec("lab_identify", "i", "act('identify')", "Identify",
            "Identify the caller: find the customer"),
    KeySpec("lab_info", "n", "act('info')", "Inform", "Give the caller information"),
    KeySpec("lab_ticket", "t", "act('ticket')", "Ticket",
            "Open a ticket: category and priority"),
    KeySpec("lab_escalate", "e", "act('escalate')", "Escalate", "Escalate to a tier"),
    KeySpec("lab_transfer", "x", "act('transfer')", "Transfer",
            "Transfer to a department"),
    KeySpec("lab_message", "m", "act('message')", "Message",
            "Take a message for an absent colleague"),
    KeySpec("lab_script", "s", "act('script')", "Script", "Mark a step of the call script"),
    KeySpec("lab_note", "o", "act('note')", "Note", "Write a note on the call"),
    KeySpec("lab_details", "d", "act('account_details')", "Details",
            "Read account details to the caller", show=False),
    KeySpec("lab_wrong", "w", "act('wrong_question')", "Off-topic",
            "Ask a question off the caller's point", show=False),
    KeySpec("lab_hang_up", "h", "act('hang_up')", "Hang up", "End the call"),
    KeySpec("lab_outcome", "u", "act('outcome')", "Outcome", "Record the call's outcome"),
    KeySpec("lab_finish", "f", "finish", "Finish",
            "Finish this scenario and see the result; again for the next"),
)

BOARD_KEYS: tuple[KeySpec, ...] = (
    KeySpec("lab_open", "enter", "open", "Timeline",
            "Open the selected trainee's call: replay, score, comment"),
    KeySpec("lab_refresh", "r", "refresh", "Refresh", "Read every trainee again"),
)

DEBRIEF_KEYS: tuple[KeySpec, ...] = (
    KeySpec("lab_score", "s", "score", "Score", "Score the criteria a person judges"),
    KeySpec("lab_next_line", "right", "step(1)", "Next", "Replay: the next line"),
    KeySpec("lab_previous_line", "left", "step(-1)", "Previous", "Replay: the line before"),
    KeySpec("lab_all_lines", "end", "step(1000)", "All", "Replay: the whole call"),
    KeySpec("lab_back", "escape", "back", "Back", "Back to the board"),
)


def bindings(specs: tuple[KeySpec, ...]) -> list[BindingType]:
    return [binding(spec) for spec in specs]
