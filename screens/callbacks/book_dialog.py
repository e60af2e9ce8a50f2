"""Booking a callback: the time as the operator says it (`tomorrow 10`, `+2h`, `16:30`, read by
backends/callbacks/when.py in the operator's time zone), the customer's local time shown beside
it as it is typed, personal or for anyone (Ctrl+O), an optional reason. Enter books.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backends.callbacks.models import CallbackScope
from backends.callbacks.when import local_label, parse_when, zone_of_number
from backends.errors import Invalid
from backends.i18n import _
from screens.common import render
from screens.common.clock import Clock


@dataclass(frozen=True)
class Booking:
    due_at: datetime
    scope: CallbackScope
    reason: str


class BookCallbackDialog(ModalScreen[Booking | None]):
    DEFAULT_CSS = """
    BookCallbackDialog { align: center middle; }
    BookCallbackDialog > Vertical { width: 64; max-width: 95%; height: auto;
        border: thick $accent; background: $surface; padding: 0 1; }
    BookCallbackDialog .hint { color: $text-muted; }
    BookCallbackDialog #callback-when-shown.error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="callback_cancel"),
        Binding("ctrl+o", "toggle_scope", _("Personal/anyone"), id="callback_scope",
                priority=True),
    ]

    def __init__(self, number: str, clock: Clock, operator_zone: tzinfo, *,
                 reason: str = "") -> None:
        super().__init__()
        self.number = number
        self.clock = clock
        self.operator_zone = operator_zone
        self.customer_zone = zone_of_number(number)
        self.scope = CallbackScope.PERSONAL
        self._reason = reason

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(_("Call back "), (render.pretty_phone(self.number),
                                                            "bold")), id="callback-title")
            yield Input(placeholder=_("when: tomorrow 10, +2h, 16:30"), id="callback-when",
                        max_length=40)
            yield Static("", id="callback-when-shown", markup=False)
            yield Input(self._reason, placeholder=_("reason (optional)"), id="callback-reason",
                        max_length=500)
            yield Static("", id="callback-scope", markup=False)
            yield Static(_("Enter: book · Ctrl+O: personal/anyone · Esc: cancel"),
                         classes="hint", markup=False)

    def on_mount(self) -> None:
        self._show_scope()
        self.query_one("#callback-when", Input).focus()

    def _now(self) -> datetime:
        return self.clock().astimezone(self.operator_zone)

    def _show_scope(self) -> None:
        text = (_("Personal: offered to you; to anyone after its window and grace")
                if self.scope is CallbackScope.PERSONAL else _("For anyone in the queue"))
        self.query_one("#callback-scope", Static).update(text)

    def read_when(self) -> datetime | None:
        """The time typed, shown in both zones; None (and why, shown) when it is not one."""
        shown = self.query_one("#callback-when-shown", Static)
        typed = self.query_one("#callback-when", Input).value
        try:
            due_at = parse_when(typed, self._now())
        except Invalid as exc:
            shown.update(render.content(exc.reason, max_length=120))
            shown.set_class(True, "error")
            return None
        mine = local_label(due_at, self.operator_zone)
        theirs = local_label(due_at, self.customer_zone)
        line = _("{mine} yours").format(mine=mine)
        if theirs and theirs != mine:
            line += " · " + _("{theirs} the customer's").format(theirs=theirs)
        shown.update(line)
        shown.set_class(False, "error")
        return due_at

    @on(Input.Changed, "#callback-when")
    def _typed(self) -> None:
        if self.query_one("#callback-when", Input).value.strip():
            self.read_when()

    @on(Input.Submitted)
    def _book(self) -> None:
        due_at = self.read_when()
        if due_at is None:
            self.query_one("#callback-when", Input).focus()
            return
        reason = self.query_one("#callback-reason", Input).value.strip()
        self.dismiss(Booking(due_at, self.scope, reason))

    def action_toggle_scope(self) -> None:
        self.scope = (CallbackScope.ANYONE if self.scope is CallbackScope.PERSONAL
                      else CallbackScope.PERSONAL)
        self._show_scope()

    def action_cancel(self) -> None:
        self.dismiss(None)
