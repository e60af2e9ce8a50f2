"""Several customers share the caller's number: pick the one on the line (Enter), or none.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from backends.customers.models import Customer
from backends.i18n import _
from screens.common import render


class CustomerPicker(ModalScreen[Customer | None]):
    DEFAULT_CSS = """
    CustomerPicker { align: center middle; }
    CustomerPicker > Vertical { width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    CustomerPicker DataTable { height: auto; max-height: 14; }
    CustomerPicker .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", _("None of these"), id="picker_none"),
    ]

    def __init__(self, number: str, customers: list[Customer]) -> None:
        super().__init__()
        self._number = number
        self._customers = customers

    def compose(self) -> ComposeResult:
        with Vertical():
            title = _("{count} customers have the number {number}").format(
                count=len(self._customers), number=render.pretty_phone(self._number))
            yield Static(render.content(title, "bold"))
            table: DataTable[Text] = DataTable(cursor_type="row")
            table.add_column("#", key="n", width=2)
            table.add_column(_("Name"), key="name", width=26)
            table.add_column(_("Company"), key="company", width=20)
            table.add_column(_("Code"), key="code", width=10)
            table.add_column(_("Email"), key="email", width=24)
            for index, customer in enumerate(self._customers, start=1):
                table.add_row(Text(str(index) if index < 10 else ""),
                              render.text(customer.name, max_length=60),
                              render.text(customer.company or "", max_length=40),
                              render.text(customer.code),
                              render.text(customer.email or "", max_length=60),
                              key=str(customer.id))
            yield table
            yield Static(_("Enter or 1–9: this customer · Esc: none of these"),
                         classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self._customers):
                event.stop()
                self.dismiss(self._customers[index])

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        for customer in self._customers:
            if str(customer.id) == event.row_key.value:
                self.dismiss(customer)
                return

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
