"""A footer that never cuts a key's description: the keys are shown in their order (the
focused widget's first, then the screen's) as long as they fit the width whole; those that do
not fit are left out whole, and F1 Help (which lists every key) and the command palette always
stay. Re-fitted when the terminal is resized. (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from backends.i18n import _
from screens.common.keys import LABELS

ALWAYS = frozenset({"help"})  # actions kept whatever the width
PALETTE_WIDTH = 14  # "▏^p Commands " and its margin


def label(binding: Binding) -> str:
    """The binding's label in the language active now (its own description was translated
    when its class was imported, in whichever language was active then)."""
    return _(LABELS.get(binding.id or "", binding.description))


class QuietFooterKey(FooterKey):
    """A footer key that starts as wide as the footer's keys are (not compact). Textual's own
    starts compact and is then bound to the footer's False: two class changes per key, each
    restyling it at once, about a tenth of the console's start-up for a footer of 30 keys."""

    compact = reactive(False)


class FittingFooter(Footer):
    def key_width(self, binding: Binding) -> int:
        """Cells one key takes: its key, its description, the padding around each."""
        return len(self.app.get_key_display(binding)) + len(label(binding)) + 3

    def fitting(self, bindings: list[tuple[Binding, bool, str]]) -> list[tuple[Binding, bool, str]]:
        room = max(self.app.size.width, self.size.width) - PALETTE_WIDTH
        room -= sum(self.key_width(b) for b, _e, _t in bindings if b.action in ALWAYS)
        kept: list[tuple[Binding, bool, str]] = []
        for item in bindings:
            binding = item[0]
            if binding.action in ALWAYS:
                kept.append(item)
                continue
            width = self.key_width(binding)
            if width <= room:
                kept.append(item)
                room -= width
        return kept

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        seen: set[str] = set()
        bindings: list[tuple[Binding, bool, str]] = []
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:  # one key per action
                seen.add(binding.action)
                bindings.append((binding, enabled, tooltip))
        shown = self.fitting(bindings)
        self.styles.grid_size_columns = len(shown)
        for binding, enabled, tooltip in shown:
            yield QuietFooterKey(binding.key, self.app.get_key_display(binding),
                                 label(binding), binding.action, disabled=not enabled,
                                 tooltip=tooltip).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, tooltip = palette
                yield FooterKey(binding.key, self.app.get_key_display(binding),  # compact
                                label(binding), binding.action,
                                classes="-command-palette", disabled=not enabled,
                                tooltip=binding.tooltip or binding.description)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.recompose)
