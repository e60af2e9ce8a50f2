"""Wrap-up: the outcome of the call (a disposition code) is required before the operator is
available again. The first code is highlighted (or the one asked for, e.g. TRANSFERRED after a
transfer), so Enter (or a digit) finishes in one key. (docs/ARCHITECTURE.md,
"screens/")"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from backends.i18n import _
from backends.people.models import Disposition
from screens.common import render


class WrapUpDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    WrapUpDialog { align: center middle; }
    WrapUpDialog > Vertical { width: 60; max-width: 95%; height: auto; max-height: 95%;
        border: thick $warning; background: $surface; padding: 0 1; }
    WrapUpDialog OptionList { height: auto; max-height: 14; }
    WrapUpDialog .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", _("Later"), id="wrapup_later"),
    ]

    def __init__(self, dispositions: list[Disposition], preselect: str | None = None) -> None:
        """`preselect`: the code highlighted first when the list has it (any case)."""
        super().__init__()
        self._codes = [item for item in dispositions if item.active]
        wanted = (preselect or "").upper()
        self._first = next((index for index, item in enumerate(self._codes)
                            if wanted and item.code.upper() == wanted), 0)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Wrap-up: how did the call end?"), markup=False)
            options = []
            for index, item in enumerate(self._codes, start=1):
                number = f"{index} " if index < 10 else "  "
                code = Content.styled("  " + render.clean_line(item.code, 30), "dim")
                prompt = Content.assemble((number, "bold"), render.content(_(item.label), "", 50),
                                          code)
                options.append(Option(prompt, id=str(index - 1)))
            option_list = OptionList(*options, id="wrapup-options")
            if self._codes:
                # set before the list is mounted: the screen focuses the list as soon as it is
                # shown, before on_mount runs, and an Enter then must take this code
                option_list.highlighted = self._first
            yield option_list
            yield Static(_("Enter or 1–9: choose · Esc: later (stay in wrap-up)"),
                         classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self._codes):
                event.stop()
                self.dismiss(self._codes[index].code)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        # option ids are positions: a code is stored data and may hold any character
        self.dismiss(self._codes[event.option_index].code)

    def action_later(self) -> None:
        self.dismiss(None)
