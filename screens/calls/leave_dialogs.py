"""Two questions about leaving work half done (docs/ARCHITECTURE.md, "screens/"):

- `QuitDialog`: Ctrl+Q while a call is in hand or a ticket has unsaved changes asks first;
  Enter (the focused button) and Escape stay, q (or Ctrl+Q again) quits anyway.
- `ResumeDialog`: at start-up, a call this operator still holds (the console was closed or died
  in the middle of it) is offered back: Enter resumes it, w ends it and asks for its outcome.

What they show that came from callers is cleaned and never markup.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from backends.i18n import _
from backends.models import Call, CallState
from screens.common import render

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 60; max-width: 95%; height: auto; max-height: 95%;
    border: thick $warning; background: $surface; padding: 0 1; }}
{name} .why {{ height: auto; }}
{name} Horizontal {{ height: auto; margin-top: 1; }}
{name} Button {{ margin-right: 2; }}
{name} .hint {{ color: $text-muted; }}
"""

Resume = Literal["resume", "wrap_up"]


class QuitDialog(ModalScreen[bool]):
    """Result: True to quit anyway, False to stay."""

    DEFAULT_CSS = DIALOG_CSS.format(name="QuitDialog")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", _("Stay"), id="quit_stay"),
        Binding("q", "answer(True)", _("Quit anyway"), id="quit_anyway"),
    ]

    def __init__(self, reasons: list[str]) -> None:
        super().__init__()
        self.reasons = reasons

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled(_("Quit the console?"), "bold"))
            for reason in self.reasons:
                yield Static(Content("• ") + render.content(reason, max_length=200),
                             classes="why")
            with Horizontal():
                yield Button(_("Stay (Enter)"), id="stay", variant="primary", compact=True)
                yield Button(_("Quit anyway (q)"), id="quit", variant="error", compact=True)
            yield Static(Content(_("A call left open is offered back at the next start.")),
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def action_answer(self, quit_anyway: bool) -> None:
        self.dismiss(quit_anyway)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "quit")


class ResumeDialog(ModalScreen[Resume]):
    """Result: "resume" (Enter, Escape) or "wrap_up" (w)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ResumeDialog")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer('resume')", _("Resume"), id="resume_call"),
        Binding("w", "answer('wrap_up')", _("Wrap up"), id="resume_wrap_up"),
    ]

    def __init__(self, call: Call, customer_name: str | None) -> None:
        super().__init__()
        self.call = call
        self.customer_name = customer_name

    def compose(self) -> ComposeResult:
        call = self.call
        who = render.content(render.pretty_phone(call.caller), max_length=30)
        if self.customer_name:
            who = who + Content(" ") + render.content(self.customer_name, "bold", 40)
        state = render.call_state_label(call.state)
        with Vertical():
            yield Static(Content.styled(_("A call was left open"), "bold"))
            yield Static(Content.assemble(_("Caller") + ": ", who), classes="why")
            yield Static(Content(_("State: {state}").format(state=state)), classes="why")
            with Horizontal():
                resume = (_("Back to wrap-up (Enter)") if call.state is CallState.WRAP_UP
                          else _("Resume the call (Enter)"))
                yield Button(resume, id="resume", variant="primary", compact=True)
                yield Button(_("End and wrap up (w)"), id="wrap_up", compact=True)

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def action_answer(self, choice: Resume) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss("wrap_up" if event.button.id == "wrap_up" else "resume")
