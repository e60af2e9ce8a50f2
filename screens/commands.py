"""The command palette lists every action of the console, with its current key.

Labels are Content, never markup strings: they carry key names from the user's config.
Ticket-editor and transfer actions run on their widget (`#ticket`, `#transfer`) and are
listed only while that widget can run them (not while a placeholder holds its slot).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.visual import Style
from textual.widget import Widget

from backends.i18n import _
from screens.common import keys
from screens.keymap import key_groups


class ConsoleCommands(Provider):
    """Runs the action on the main screen, the app, or the editor/transfer widget."""

    def _widget(self, widget_id: str, spec: keys.KeySpec) -> Widget | None:
        """The widget that runs `spec`, or None when it is missing or a placeholder."""
        found = self.screen.query(f"#{widget_id}")
        widget = found.first() if found else None
        name = spec.action.split("(", 1)[0]
        if widget is None or not hasattr(widget, f"action_{name}"):
            return None
        return widget

    def _entries(self) -> list[tuple[str, keys.KeySpec, Widget | None]]:
        keymap: dict[str, str] = getattr(self.app, "keymap_view", {})
        entries: list[tuple[str, keys.KeySpec, Widget | None]] = []
        for title, widget_id, specs in key_groups():
            for spec in specs:
                if spec.id == "command_palette":
                    continue
                widget = None
                if widget_id is not None:
                    widget = self._widget(widget_id, spec)
                    if widget is None:
                        continue  # the editor/panel is not available: nothing to run
                prefix = f"{_(title)}: " if widget_id is not None else ""
                label = f"{prefix}{_(spec.help)}  ({keys.current_key(spec, keymap)})"
                entries.append((label, spec, widget))
        return entries

    async def _run(self, spec: keys.KeySpec, widget: Widget | None) -> None:
        if widget is not None:
            show_pane = getattr(self.screen, "show_pane", None)
            if show_pane is not None and widget.id:
                show_pane(widget.id)
            await self.app.run_action(spec.action, widget)
        elif spec in keys.APP_KEYS:
            await self.app.run_action(spec.action)
        else:
            await self.app.run_action(f"screen.{spec.action}")

    async def discover(self) -> Hits:
        for label, spec, widget in self._entries():
            yield DiscoveryHit(Content(label), partial(self._run, spec, widget), text=label,
                               help=spec.id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, spec, widget in self._entries():
            score, offsets = matcher.fuzzy_search.match(matcher.query, label)
            if score > 0:
                yield Hit(score, highlighted(label, offsets, matcher.match_style),
                          partial(self._run, spec, widget), text=label, help=spec.id)


def highlighted(label: str, offsets: Sequence[int], style: Style) -> Content:
    """Matcher.highlight parses its candidate as markup; this marks the same letters on
    plain Content instead."""
    content = Content(label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
