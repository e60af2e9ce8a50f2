"""Take a message for a colleague or a department (issue 19): the reason field has the focus,
so the receptionist types at once; the caller's name and number come from the call (screen
pop); Enter in any field saves, Ctrl+U toggles urgent, Ctrl+B "please call back".
Opened with one key from the switchboard, saved with Enter: two keys plus typing
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from backends.i18n import _
from backends.sanitize import clean_line
from screens.common.directory_names import department_name
from screens.common.yes_no_box import YesNoBox


@dataclass(frozen=True)
class MessageForm:
    """What the dialog answers; the screen turns it into a MessageDraft."""

    for_name: str
    caller_name: str
    company: str
    number: str
    reason: str
    urgent: bool
    call_back: bool


class MessageDialog(ModalScreen[MessageForm | None]):
    DEFAULT_CSS = """
    MessageDialog { align: center middle; }
    MessageDialog > Vertical { width: 70; max-width: 98%; height: auto; max-height: 98%;
        border: thick $accent; background: $surface; padding: 0 1; }
    MessageDialog Input { margin: 0; }
    MessageDialog Checkbox { height: 1; border: none; padding: 0; }
    MessageDialog .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="message_cancel"),
        Binding("ctrl+u", "flip('#msg-urgent')", _("Urgent"), id="message_urgent",
                priority=True),
        Binding("ctrl+b", "flip('#msg-callback')", _("Call back"), id="message_callback",
                priority=True),
    ]

    def __init__(self, for_name: str, caller_name: str = "", number: str = "") -> None:
        super().__init__()
        self.for_name = for_name
        self.caller_name = caller_name
        self.number = number

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Message for {name}").format(
                name=clean_line(department_name(self.for_name), 60)),
                         markup=False, id="msg-title")
            yield Input(placeholder=_("Reason: what it is about"), id="msg-reason",
                        max_length=2000)
            yield Input(clean_line(self.caller_name, 120), placeholder=_("Caller's name"),
                        id="msg-caller", max_length=120)
            yield Input(placeholder=_("Company"), id="msg-company", max_length=120)
            yield Input(clean_line(self.number, 40), placeholder=_("Number"), id="msg-number",
                        max_length=40)
            yield YesNoBox(_("Urgent (Ctrl+U)"), False, id="msg-urgent")
            yield YesNoBox(_("Please call back (Ctrl+B)"), True, id="msg-callback")
            yield Static(_("Enter: send · Esc: cancel"), classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#msg-reason", Input).focus()

    def action_flip(self, selector: str) -> None:
        box = self.query_one(selector, Checkbox)
        box.value = not box.value

    @on(Input.Submitted)
    def _send(self, _event: Input.Submitted) -> None:
        def value(selector: str) -> str:
            return self.query_one(selector, Input).value.strip()

        self.dismiss(MessageForm(
            self.for_name, value("#msg-caller"), value("#msg-company"), value("#msg-number"),
            value("#msg-reason"), self.query_one("#msg-urgent", Checkbox).value,
            self.query_one("#msg-callback", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
