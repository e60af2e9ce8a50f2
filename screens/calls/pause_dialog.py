"""Pause: a reason is required (break, training, back office, …). Pick one or type your own.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from backends.i18n import _
from screens.common import render


def common_reasons() -> list[str]:
    return [_("Break"), _("Lunch"), _("Training"), _("Back office"), _("Meeting"),
            _("Technical problem")]


class PauseDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    PauseDialog { align: center middle; }
    PauseDialog > Vertical { width: 56; max-width: 95%; height: auto; max-height: 95%;
        border: thick $error; background: $surface; padding: 0 1; }
    PauseDialog OptionList { height: auto; max-height: 8; }
    PauseDialog #pause-error { color: $error; height: auto; }
    PauseDialog .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="pause_cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Pause: why?"), markup=False)
            yield OptionList(*[Option(render.content(reason), id=str(index))
                               for index, reason in enumerate(common_reasons())],
                             id="pause-options")
            yield Input(placeholder=_("…or type a reason and press Enter"), id="pause-reason",
                        max_length=80)
            yield Static("", id="pause-error", markup=False)
            yield Static(_("Enter: pause · Esc: stay available"), classes="hint",
                         markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(common_reasons()[int(event.option.id or 0)])

    @on(Input.Submitted, "#pause-reason")
    def _typed(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.query_one("#pause-error", Static).update(
                _("A pause needs a reason: pick one above or type it."))
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
