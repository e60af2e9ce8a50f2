"""The command palette lists every action of the console, with its current key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from backends.i18n import _
from screens import keys


class ConsoleCommands(Provider):
    """Runs the action on the main screen (or the app for app-wide keys)."""

    def _entries(self) -> list[tuple[str, keys.KeySpec]]:
        keymap: dict[str, str] = getattr(self.app, "keymap_view", {})
        return [(f"{_(spec.help)}  ({keys.current_key(spec, keymap)})", spec)
                for spec in keys.ALL_KEYS if spec.id != "command_palette"]

    async def _run(self, spec: keys.KeySpec) -> None:
        if spec in keys.APP_KEYS:
            await self.app.run_action(spec.action)
        else:
            await self.app.run_action(f"screen.{spec.action}")

    async def discover(self) -> Hits:
        for label, spec in self._entries():
            yield DiscoveryHit(label, partial(self._run, spec), help=spec.id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, spec in self._entries():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._run, spec),
                          help=spec.id)
