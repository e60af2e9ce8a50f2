"""F1 on a screen other than the operator's console (the switchboard, the outbound desk, the
lab's screens, the campaigns' board): the keys of that screen, read from its own bindings, and
the app's (help, commands, quit). The console's help screen (screens/help_screen.py) lists the
operator console's keys, which on these screens do other things or nothing: F7 is "take a
message" at the switchboard, not "hold". (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from backends.i18n import _
from screens.common import keys

_NUMBERED = re.compile(r"_?\d+$")  # "switchboard_slot_3", "outbound_pick_7": one row for 1-9


def _keys_written(key: str) -> str:
    return ", ".join(part.strip().replace("question_mark", "?") for part in key.split(","))


def help_rows(screen: Screen[object], keymap: dict[str, str]) -> list[tuple[str, str]]:
    """(keys, what they do) for each of the screen's bindings, in its order; a numbered family
    of keys (1 to 9) is one row; then the app's keys."""
    rows: list[tuple[str, str]] = []
    families: dict[str, tuple[int, str]] = {}  # a numbered family's id stem: its row, 1st key
    for item in type(screen).BINDINGS:
        if not isinstance(item, Binding) or not item.description:
            continue
        key = _keys_written(keymap.get(item.id or "", item.key))
        what = item.tooltip or item.description
        stem = _NUMBERED.sub("", item.id or "")
        if not item.id or stem == item.id:
            rows.append((key, what))
        elif stem in families:
            row, first = families[stem]
            rows[row] = (f"{first}–{key}", rows[row][1])
        else:
            families[stem] = (len(rows), key)
            rows.append((key, _NUMBERED.sub("", what).strip() or what))
    for spec in keys.APP_KEYS:
        rows.append((keys.current_key(spec, keymap), _(spec.help)))
    return rows


class ScreenKeysHelp(ModalScreen[None]):
    DEFAULT_CSS = """
    ScreenKeysHelp { align: center middle; }
    ScreenKeysHelp > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0; }
    ScreenKeysHelp DataTable { height: auto; max-height: 1fr; }
    ScreenKeysHelp .hint { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "dismiss", _("Close"), id="screen_keys_close"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Keys of this screen"), markup=False)
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            key_width = max([5, *(len(key) for key, _what in self._rows)])
            inner = min(80, self.app.size.width) - 2 - 4 - 2  # border, cell padding, scrollbar
            table.add_column(_("Key"), width=key_width)
            table.add_column(_("Action"), width=max(20, inner - key_width))
            for key, what in self._rows:  # a long description wraps onto a second line
                table.add_row(Text(key, style="bold"), Text(what), height=None)
            yield table
            yield Static(_("Esc closes"), classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
