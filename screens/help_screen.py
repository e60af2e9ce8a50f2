"""Every key of the console with what it does, as remapped by the user's settings; a long
description wraps, never cut.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from backends.i18n import _
from screens.common import keys
from screens.keymap import key_groups


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90; max-width: 100%; height: 100%;
        border: thick $primary; background: $surface; padding: 0; }
    HelpScreen DataTable { height: 1fr; }
    HelpScreen .hint { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", _("Close"), id="help_close"),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Keys (remap them in config.toml under [keys], by id)"),
                         markup=False)
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            groups = key_groups()
            specs_all = [spec for _title, _widget, specs in groups for spec in specs]
            key_width = max(len(keys.current_key(s, self._keymap)) for s in specs_all)
            id_width = max(len(spec.id) for spec in specs_all)  # ids are typed: never cut
            inner = min(90, self.app.size.width) - 2 - 6 - 2  # border, cell padding, scrollbar
            table.add_column(_("Key"), key="key", width=max(key_width, 5))
            table.add_column(_("Action"), key="action",
                             width=max(20, inner - max(key_width, 5) - id_width))
            table.add_column(_("Id"), key="id", width=id_width)
            for title, widget_id, specs in groups:
                # a section title row; ids stay unique because "-" never appears in an id
                table.add_row(Text(""), Text(_(title), style="bold underline"), Text(""),
                              key=f"group-{widget_id or 'screen'}")
                for spec in specs:
                    # a description longer than its column wraps onto a second line
                    table.add_row(Text(keys.current_key(spec, self._keymap), style="bold"),
                                  Text(_(spec.help)), Text(spec.id, style="dim"), key=spec.id,
                                  height=None)
                if widget_id is None:
                    table.add_row(Text("Enter", style="bold"),
                                  Text(_("In the queue: answer that call")), Text(""))
                    table.add_row(Text("Tab", style="bold"),
                                  Text(_("Move between panes and fields")), Text(""))
            yield table
            yield Static(_("Esc closes"), classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
