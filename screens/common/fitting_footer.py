"""A footer that never cuts a key's description: the keys are shown in their order (the
focused widget's first, then the screen's) as long as they fit the width whole; those that do
not fit are left out whole, and F1 Help (which lists every key) and the command palette always
stay. Re-fitted when the terminal is resized. (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
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


# what one composed key shows: key, key display, label, action, enabled, tooltip
Shown = tuple[str, str, str, str, bool, str]


class FittingFooter(Footer):
    """Recomposed only when what it shows changes. Textual's footer recomposes (removes and
    mounts every key) at each `refresh_bindings`, and a screen asks for that many times in a
    row (each focus change, each state change): at start-up five whole recomposes, one after
    the other, before the console's ready frame. Here each ask is a look after the next
    refresh, which recomposes only if a key, its label or its state differs."""

    _shown: tuple[Shown, ...] | None = None  # what the keys on screen show; None: none yet

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

    def _keys(self) -> tuple[list[tuple[Binding, bool, str]], tuple[Binding, bool, str] | None]:
        """The keys that fit now, and the command palette's key (None: not shown)."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        bindings: list[tuple[Binding, bool, str]] = []
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:  # one key per action
                seen.add(binding.action)
                bindings.append((binding, enabled, tooltip))
        palette: tuple[Binding, bool, str] | None = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            entry = active.get(self.app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _node, binding, enabled, _tooltip = entry
                palette = (binding, enabled, binding.tooltip or binding.description)
        return self.fitting(bindings), palette

    def _shows(self, keys: list[tuple[Binding, bool, str]],
               palette: tuple[Binding, bool, str] | None) -> tuple[Shown, ...]:
        return tuple((binding.key, self.app.get_key_display(binding), label(binding),
                      binding.action, enabled, tooltip)
                     for binding, enabled, tooltip in [*keys, *([palette] if palette else [])])

    def compose(self) -> ComposeResult:
        # the keys at once, not an empty footer recomposed once the screen says its bindings
        # are ready (Textual's way): that was one more layout of the whole screen before the
        # console's ready frame; if the keys differ by then, _refit recomposes
        shown, palette = self._keys()
        self._shown = self._shows(shown, palette)
        if self.styles.grid_size_columns != len(shown):  # each set asks for a new layout
            self.styles.grid_size_columns = len(shown)
        for binding, enabled, tooltip in shown:
            yield QuietFooterKey(binding.key, self.app.get_key_display(binding),
                                 label(binding), binding.action, disabled=not enabled,
                                 tooltip=tooltip).data_bind(compact=Footer.compact)
        if palette is not None:
            binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding),  # compact
                            label(binding), binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=tooltip)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            # each ask looks again (an ask is never dropped: a look queued behind a dialog
            # that closes first is lost); the looks after the first find nothing to change
            self.call_after_refresh(self._refit)

    async def _refit(self) -> None:
        if not self.is_attached:
            return
        shown, palette = self._keys()
        if self._shows(shown, palette) != self._shown:
            await self.recompose()

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._refit)
