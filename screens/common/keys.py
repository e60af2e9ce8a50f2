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

from backends.i18n import N_, _

# Binding id → its label as written (the msgid) for every KeySpec made, wherever its area
# declares it: the footer translates it when drawn (screens/common/fitting_footer.py) without
# importing the pane registry, which imports every area (an import circle).
LABELS: dict[str, str] = {}


@dataclass(frozen=True)
class KeySpec:
    id: str
    key: str  # default key(s), comma separated
    action: str  # action name on the main screen (or app, for app-wide keys)
    label: str  # short, for the footer (translated when shown)
    help: str  # one line, for the help screen and the command palette
    show: bool = True  # shown in the footer when enabled

    def __post_init__(self) -> None:
        LABELS[self.id] = self.label


# The order is the order of the footer and the help screen.
MAIN_KEYS: tuple[KeySpec, ...] = (
    KeySpec("answer_next", "f5", "answer_next", N_("Answer"),
            N_("Answer the next call in the queue")),
    # enabled for supervisors and admins only (screens/calls/desk_actions.py), so nobody
    # else sees it; before F6 in the footer, whose work Enter in the queue also does
    KeySpec("campaigns", "ctrl+a", "campaigns", N_("Campaigns"),
            N_("The campaigns' progress and settings (supervisors)")),
    KeySpec("answer_selected", "f6", "answer_selected", N_("Answer row"),
            N_("Answer the call selected in the queue")),
    KeySpec("hold", "f7", "hold", N_("Hold/back"), N_("Put the call on hold or take it back")),
    KeySpec("end_call", "f8", "end_call", N_("End+wrap-up"),
            N_("End the call, choose its outcome")),
    KeySpec("new_ticket", "f9", "new_ticket", N_("Ticket"), N_("Open a ticket for this call")),
    KeySpec("another_ticket", "shift+f9", "another_ticket", N_("New ticket"),
            N_("Another ticket for this call (not the one it has)"), show=False),
    KeySpec("transfer", "f10,ctrl+g", "transfer", N_("Transfer"),
            N_("Transfer to a colleague, department, queue")),
    KeySpec("pause", "f2", "pause", N_("Pause/resume"), N_("Pause with a reason, or resume")),
    KeySpec("lookup", "f3", "lookup", N_("Lookup"),
            N_("Find a customer: name, phone, email, code"), show=False),
    KeySpec("show_customer", "f4", "show_customer", N_("Customer"),
            N_("Show the current customer's record"), show=False),
    KeySpec("new_customer", "ctrl+f", "new_customer", N_("New cust."),
            N_("New customer, prefilled with the number"), show=False),
    KeySpec("edit_customer", "ctrl+e", "edit_customer", N_("Edit cust."),
            N_("Edit the current customer's record"), show=False),
    KeySpec("focus_queue", "f12", "focus_queue", N_("Queue"), N_("Move to the call queue"),
            show=False),
    KeySpec("appointments", "shift+f4", "appointments", N_("Appointments"),
            N_("Your appointments: booked with you, or by you"), show=False),
)

APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec("help", "f1,question_mark", "help", N_("Help"), N_("Show every key")),
    KeySpec("command_palette", "ctrl+p", "command_palette", N_("Commands"),
            N_("Search every action by name"), show=False),
    KeySpec("quit", "ctrl+q", "quit", N_("Quit"), N_("Leave the console"), show=False),
)

ALL_KEYS: tuple[KeySpec, ...] = MAIN_KEYS + APP_KEYS
# ctrl-letter keys a text field uses itself (Ctrl+F, Ctrl+E: a word right, the line's end;
# Ctrl+A: the line's start)
NOT_OVER_TEXT = frozenset({"new_customer", "edit_customer", "campaigns"})
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
