"""A prompt for one value: type to filter the choices, Enter takes the highlighted one (or
what was typed, when free text is allowed), Escape cancels (docs/ARCHITECTURE.md,
"screens/"). Choices come from files: shown as plain text, never markup."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from backends.i18n import _
from backends.sanitize import clean_line
from screens.common.render import content


class ChoicePrompt(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ChoicePrompt { align: center middle; }
    ChoicePrompt > Vertical { width: 60; max-width: 100%; height: auto; max-height: 20;
                              border: round $accent; background: $surface; padding: 0 1; }
    ChoicePrompt OptionList { height: auto; max-height: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="lab_prompt_cancel"),
        Binding("down", "down", show=False, id="lab_prompt_down"),
        Binding("up", "up", show=False, id="lab_prompt_up"),
    ]

    def __init__(self, question: str, choices: list[str], free_text: bool = False,
                 shown: Callable[[str], str] | None = None) -> None:
        """`shown`: how a choice reads in the trainee's language (a department's name); the
        choice itself (the key a scenario expects) is what the prompt answers."""
        super().__init__()
        self.question = question
        self.shown = shown
        self.choices = sorted({clean_line(c, 120) for c in choices if c},
                              key=lambda c: self._shown(c).casefold())
        self.free_text = free_text

    def _shown(self, choice: str) -> str:
        return clean_line(self.shown(choice), 120) if self.shown is not None else choice

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(content(self.question))
            yield Input(placeholder=_("type to filter"), id="prompt-input")
            yield OptionList(*[Option(content(self._shown(c)), id=str(i))
                               for i, c in enumerate(self.choices)], id="prompt-options")

    def _visible(self, typed: str) -> list[int]:
        needle = typed.strip().casefold()
        return [i for i, c in enumerate(self.choices)
                if needle in c.casefold() or needle in self._shown(c).casefold()]

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(content(self._shown(self.choices[i])), id=str(i))
                             for i in self._visible(event.value)])
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted)
    def _take_typed(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            option = options.get_option_at_index(options.highlighted)
            self.dismiss(self.choices[int(option.id or 0)])
        elif self.free_text and event.value.strip():
            self.dismiss(clean_line(event.value.strip(), 120))

    @on(OptionList.OptionSelected)
    def _take_option(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)])

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
