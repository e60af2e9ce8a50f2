"""The screen-wide and app-wide key bindings of the console: binding id → default key,
action, label.

Ids are stable: `settings.keys` remaps them (e.g. `answer_next = "ctrl+a"`) through
App.set_keymap, the help screen and the command palette read their labels from here. The keys
of the panes' own widgets sit in their areas; screens/keymap.py gathers them all
(docs/ARCHITECTURE.md, "screens/").
Defaults are function keys and ctrl-combos so they work while a text field has focus.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from backends.i18n import _


@dataclass(frozen=True)
class KeySpec:
    id: str
    key: str  # default key(s), comma separated
    action: str  # action name on the main screen (or app, for app-wide keys)
    label: str  # short, for the footer (translated when shown)
    help: str  # one line, for the help screen and the command palette
    show: bool = True  # shown in the footer when enabled


# The order is the order of the footer and the help screen.
MAIN_KEYS: tuple[KeySpec, ...] = (
    KeySpec("answer_next", "f5", "answer_next", "Answer", "Answer the next call in the queue"),
    KeySpec("answer_selected", "f6", "answer_selected", "Answer row",
            "Answer the call selected in the queue"),
    KeySpec("hold", "f7", "hold", "Hold/back", "Put the call on hold or take it back"),
    KeySpec("end_call", "f8", "end_call", "End+wrap-up",
            "End the call, choose its outcome"),
    KeySpec("new_ticket", "f9", "new_ticket", "Ticket", "Open a ticket for this call"),
    KeySpec("transfer", "f10,ctrl+g", "transfer", "Transfer",
            "Transfer to a colleague, department, queue"),
    KeySpec("pause", "f2", "pause", "Pause/resume", "Pause with a reason, or resume"),
    KeySpec("lookup", "f3", "lookup", "Lookup",
            "Find a customer: name, phone, email, code", show=False),
    KeySpec("show_customer", "f4", "show_customer", "Customer",
            "Show the current customer's record", show=False),
    KeySpec("new_customer", "ctrl+f", "new_customer", "New cust.",
            "New customer, prefilled with the number", show=False),
    KeySpec("edit_customer", "ctrl+e", "edit_customer", "Edit cust.",
            "Edit the current customer's record", show=False),
    KeySpec("focus_queue", "f12", "focus_queue", "Queue", "Move to the call queue",
            show=False),
)

APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec("help", "f1,question_mark", "help", "Help", "Show every key"),
    KeySpec("command_palette", "ctrl+p", "command_palette", "Commands",
            "Search every action by name", show=False),
    KeySpec("quit", "ctrl+q", "quit", "Quit", "Leave the console", show=False),
)

ALL_KEYS: tuple[KeySpec, ...] = MAIN_KEYS + APP_KEYS
# ctrl-letter keys a text field uses itself (Ctrl+F, Ctrl+E: a word right, the line's end)
NOT_OVER_TEXT = frozenset({"new_customer", "edit_customer"})
BY_ID: dict[str, KeySpec] = {spec.id: spec for spec in ALL_KEYS}


def binding(spec: KeySpec, *, priority: bool = False) -> Binding:
    return Binding(spec.key, spec.action, _(spec.label), show=spec.show, id=spec.id,
                   tooltip=_(spec.help), priority=priority)


def main_bindings() -> list[Binding]:
    """Priority bindings: they win over text fields (a TextArea takes F6/F7 otherwise);
    a disabled action (see MainScreen.check_action) lets the key through."""
    return [binding(spec, priority=spec.id not in NOT_OVER_TEXT) for spec in MAIN_KEYS]


def current_key(spec: KeySpec, keymap: dict[str, str]) -> str:
    """The key(s) bound to `spec` now, as a person would write them."""
    keys = keymap.get(spec.id, spec.key)
    return ", ".join(part.strip().replace("question_mark", "?") for part in keys.split(","))
