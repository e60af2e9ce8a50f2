"""A checkbox whose state reads without colour: "X" when ticked, blank when not. Textual's own
draws the same "X" both ways and tells them apart by colour only, which a monochrome terminal
or a colour-blind operator cannot see (issue 15, item 9)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class YesNoBox(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
