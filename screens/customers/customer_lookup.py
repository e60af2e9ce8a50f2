"""Type-ahead customer search: name, phone in any format, email or customer code. Results
arrive as you type (a small debounce, one exclusive worker so only the last query counts).
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from backends.customers.api import Customers
from backends.customers.models import Customer
from backends.errors import BackendError
from backends.i18n import _
from screens.common import render
from screens.common.typed_text import keep_on_focus
from screens.common.worker_errors import WorkerErrorReporter

DEBOUNCE_SECONDS = 0.15
# Rows one lookup asks for: a screenful. Past that the operator types another letter rather
# than scrolls, and each further row costs the lookup time (50 took 2.5 times as long as 20
# at 1M customers). bench/lookup.py measures lookups of LOOKUP_LIMIT.
RESULTS_SHOWN = 20
LOOKUP_LIMIT = RESULTS_SHOWN + 1  # one more than shown: tells whether there are more


class CustomerLookup(WorkerErrorReporter, Widget):
    DEFAULT_CSS = """
    CustomerLookup { height: 1fr; }
    CustomerLookup Input { margin: 0 1; }
    CustomerLookup #lookup-status { height: 1; color: $text-muted; padding: 0 1; }
    CustomerLookup DataTable { height: 1fr; overflow-x: hidden; }
    """

    class Selected(Message):
        def __init__(self, customer: Customer) -> None:
            super().__init__()
            self.customer = customer

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_results", show=False, id="lookup_results"),
    ]

    def __init__(self, customers: Customers, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._customers = customers
        self._timer: Timer | None = None
        self.results: list[Customer] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Search: name, phone, email or code…"), id="lookup-input",
                    compact=True)
        yield Static(_("Type to search customers."), id="lookup-status", markup=False)
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        # labels as Text, not markup (which loads rich's emoji table at start-up)
        table.add_column(Text(_("Name")), key="name", width=24)
        table.add_column(Text(_("Phone")), key="phone", width=17)
        table.add_column(Text(_("Code")), key="code", width=10)
        table.add_column(Text(_("Email")), key="email", width=26)
        yield table

    def action_focus_results(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.focus()

    def focus_input(self) -> None:
        self.query_one(Input).focus()

    def type_in(self, character: str) -> None:
        """A character typed with no text field focused (the main screen's type-to-search):
        into the search box at its cursor, which takes the focus so the next keys follow."""
        field = self.query_one(Input)
        field.insert_text_at_cursor(character)
        if self.screen.focused is not field:
            keep_on_focus(field)
            field.focus()

    @on(Input.Changed, "#lookup-input")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        query = event.value.strip()
        if not query:
            self._show([], _("Type to search customers."))
            return
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.search(query))

    @on(Input.Submitted, "#lookup-input")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in the box: open the first result (or move into the list if several)."""
        if len(self.results) == 1:
            self.post_message(self.Selected(self.results[0]))
        elif self.results:
            self.query_one(DataTable).focus()

    @work(exclusive=True, exit_on_error=False, group="lookup")
    async def search(self, query: str) -> None:
        self.query_one("#lookup-status", Static).update(_("Searching…"))
        try:
            found = await self._customers.search_customers(query, limit=LOOKUP_LIMIT)
        except BackendError as exc:
            self._show([], _("Search failed: {reason}").format(reason=exc.message))
            return
        if not found:
            self._show([], _("No customer matches."))
        elif len(found) > RESULTS_SHOWN:
            self._show(found[:RESULTS_SHOWN], _(
                "First {count} shown · type more to narrow · Enter opens").format(
                    count=RESULTS_SHOWN))
        else:
            self._show(found, _("{count} found · Enter opens").format(count=len(found)))

    def _show(self, customers: list[Customer], status: str) -> None:
        self.results = customers
        self.query_one("#lookup-status", Static).update(render.content(status))
        table = self.query_one(DataTable)
        table.clear()
        for customer in customers:
            name = render.text(customer.name, max_length=60)
            if customer.is_vip:
                name.append(" VIP", style="bold magenta")
            phone = render.pretty_phone(customer.phones[0]) if customer.phones else ""
            table.add_row(name, render.text(phone), render.text(customer.code),
                          render.text(customer.email or "", max_length=60),
                          key=str(customer.id))

    @on(DataTable.RowSelected)
    def _picked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        for customer in self.results:
            if str(customer.id) == event.row_key.value:
                self.post_message(self.Selected(customer))
                return
