"""The command palette lists every action of the console, with its current key.

Labels are Content, never markup strings: they carry key names from the user's config.
Ticket-editor and transfer actions run on their widget (`#ticket`, `#transfer`) and are
listed only while that widget can run them: built, or buildable on first use, not while a
placeholder must hold its slot (docs/ARCHITECTURE.md, "screens/").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.visual import Style

from backends.i18n import _
from screens.common import keys
from screens.keymap import key_groups

if TYPE_CHECKING:
    from screens.work_area import WorkArea


class ConsoleCommands(Provider):
    """Runs the action on the main screen, the app, or the editor/transfer widget."""

    def _runs(self, widget_id: str, spec: keys.KeySpec) -> bool:
        """Whether the pane's widget can run `spec` now, or once built on first use."""
        work_area = self._work_area()
        if work_area is None or not work_area.usable(widget_id):
            return False
        widget = work_area.built(widget_id)
        name = spec.action.split("(", 1)[0]
        return widget is None or hasattr(widget, f"action_{name}")

    def _work_area(self) -> WorkArea | None:
        from screens.work_area import WorkArea

        found = self.screen.query(WorkArea)
        return found.first() if found else None

    def _entries(self) -> list[tuple[str, keys.KeySpec, str | None]]:
        keymap: dict[str, str] = getattr(self.app, "keymap_view", {})
        entries: list[tuple[str, keys.KeySpec, str | None]] = []
        for title, widget_id, specs in key_groups():
            for spec in specs:
                if spec.id == "command_palette":
                    continue
                if widget_id is not None and not self._runs(widget_id, spec):
                    continue  # the editor/panel is not available: nothing to run
                prefix = f"{_(title)}: " if widget_id is not None else ""
                label = f"{prefix}{_(spec.help)}  ({keys.current_key(spec, keymap)})"
                entries.append((label, spec, widget_id))
        return entries

    async def _run(self, spec: keys.KeySpec, widget_id: str | None) -> None:
        work_area = self._work_area()
        if widget_id is not None and work_area is not None:
            widget = await work_area.ready_widget(widget_id)
            show_pane = getattr(self.screen, "show_pane", None)
            if show_pane is not None:
                show_pane(widget_id)
            await self.app.run_action(spec.action, widget)
        elif spec in keys.APP_KEYS:
            await self.app.run_action(spec.action)
        else:
            await self.app.run_action(f"screen.{spec.action}")

    async def discover(self) -> Hits:
        for label, spec, widget_id in self._entries():
            yield DiscoveryHit(Content(label), partial(self._run, spec, widget_id), text=label,
                               help=spec.id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, spec, widget_id in self._entries():
            score, offsets = matcher.fuzzy_search.match(matcher.query, label)
            if score > 0:
                yield Hit(score, highlighted(label, offsets, matcher.match_style),
                          partial(self._run, spec, widget_id), text=label, help=spec.id)


def highlighted(label: str, offsets: Sequence[int], style: Style) -> Content:
    """Matcher.highlight parses its candidate as markup; this marks the same letters on
    plain Content instead."""
    content = Content(label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
