"""The queue of waiting contacts: who is calling, for how long, how urgent. Wait times tick
every second from an injectable clock; the border title carries the count and longest wait.

Outbound contacts that another part of the desk puts at the head (due callbacks, offered to
this operator by the callbacks service's rules) come first, marked, with how late they are and
what they are about; Enter on one (or the answer key, the head being first) hands it back to
whoever put it there through `take_head`. (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable

from backends.calls.models import Call, CallState
from backends.i18n import _, ngettext
from screens.common import render

COLUMNS = ("wait", "caller", "customer", "channel", "prio")
HEAD_KEY = "head-"  # row keys of the head's outbound contacts (calls are keyed by their id)


@dataclass(frozen=True)
class HeadContact:
    """An outbound contact at the head of the queue (a due callback): `since` is when it
    came due; `about` what it is about (the ticket and the reason); `kind` its label."""

    id: int
    since: datetime
    number: str
    about: str
    queue: str
    kind: str


class CallQueue(Widget):
    """Waiting calls in queue order. Enter (or a double click) asks to answer the row."""

    DEFAULT_CSS = """
    CallQueue { height: 1fr; border: round $primary; border-title-color: $text; }
    CallQueue:focus-within { border: round $accent; }
    CallQueue DataTable { height: 1fr; background: $surface; }
    """

    class AnswerRequested(Message):
        def __init__(self, call_id: int) -> None:
            super().__init__()
            self.call_id = call_id

    def __init__(self, clock: render.Clock, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._calls: list[Call] = []
        self._names: dict[int, str] = {}
        self._head: list[HeadContact] = []
        # who takes a head contact (set by whoever puts them there); None: nobody
        self.take_head: Callable[[HeadContact], None] | None = None
        self._wide = False
        self.stale = False  # the store is unreachable: the rows are what it last said

    def set_stale(self, stale: bool) -> None:
        """While offline the waits are not counted on (a call may have been answered or
        abandoned meanwhile): they show "–" until the store answers again."""
        if stale != self.stale:
            self.stale = stale
            self.tick()

    def _wait_cell(self, call: Call, now: datetime) -> Text:
        if self.stale:
            return Text("–", style="dim")
        return Text(render.duration(render.elapsed(call.arrived_at, now)),
                    style="bold red" if call.vip or call.priority >= 5 else "")

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        self._wide = self.app.size.width >= 120  # the layout breakpoint of the main screen
        self._add_columns(table)
        yield table

    def _add_columns(self, table: DataTable[Text]) -> None:
        # labels as Text: a str would be parsed as markup with emoji codes on, which loads
        # rich's emoji table at start-up (about 4 ms) for five plain words
        wide = self._wide
        table.add_column(Text(_("Wait")), key="wait", width=7)
        table.add_column(Text(_("Caller")), key="caller", width=20 if wide else 17)
        table.add_column(Text(_("Customer")), key="customer", width=40 if wide else 22)
        table.add_column(Text(_("Channel/queue")), key="channel", width=24 if wide else 16)
        table.add_column(Text(_("Prio")), key="prio", width=5)

    def set_wide(self, wide: bool) -> None:
        """Column widths for the main screen's layout; the rows and the selection stay."""
        if wide == self._wide:
            return
        self._wide = wide
        selected = self.selected_call_id()
        table = self.table
        table.clear(columns=True)
        self._add_columns(table)
        self._fill(selected)

    def _fill(self, selected: int | None) -> None:
        table = self.table
        now = self._clock()
        for contact in self._head:
            table.add_row(*self._head_cells(contact, now), key=f"{HEAD_KEY}{contact.id}")
        for call in self._calls:
            table.add_row(*self._cells(call, now), key=str(call.id))
        if selected is not None:
            for index, call in enumerate(self._calls):
                if call.id == selected:
                    table.move_cursor(row=len(self._head) + index, animate=False)
                    break

    def on_mount(self) -> None:
        self._retitle()
        self.set_interval(1.0, self.tick)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    @property
    def calls(self) -> list[Call]:
        return list(self._calls)

    @property
    def head(self) -> list[HeadContact]:
        return list(self._head)

    def _selected_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def selected_call_id(self) -> int | None:
        key = self._selected_key()
        return int(key) if key is not None and not key.startswith(HEAD_KEY) else None

    def take_selected_head(self) -> bool:
        """The highlighted row is a head contact: hand it to `take_head` (True)."""
        key = self._selected_key()
        if key is None or not key.startswith(HEAD_KEY):
            return False
        return self._take(int(key.removeprefix(HEAD_KEY)))

    def take_first_head(self) -> bool:
        """The head of the queue is a head contact: hand it to `take_head` (True)."""
        return bool(self._head) and self._take(self._head[0].id)

    def _take(self, contact_id: int) -> bool:
        contact = next((c for c in self._head if c.id == contact_id), None)
        if contact is None or self.take_head is None:
            return False
        self.take_head(contact)
        return True

    def set_head(self, contacts: list[HeadContact]) -> None:
        """The outbound contacts at the head, soonest due first (the rows are redrawn)."""
        if contacts == self._head:
            return
        self._head = list(contacts)
        self.set_calls(self._calls, self._names)

    def set_calls(self, calls: list[Call], names: dict[int, str]) -> None:
        """Replace the rows, keeping the cursor on the same call when it is still waiting."""
        selected = self.selected_call_id()
        self._calls = list(calls)
        self._names = dict(names)
        self.table.clear()
        self._fill(selected)
        self._retitle()

    def _cells(self, call: Call, now: datetime) -> tuple[Text, ...]:
        name = self._names.get(call.customer_id or -1, "")
        customer = render.text(name, max_length=40) if name else Text(
            _("unknown"), style="dim italic")
        marker = Text()
        if call.vip:
            marker.append("VIP ", style="bold magenta")
        if call.priority:
            marker.append(f"P{call.priority}", style="bold red" if call.priority >= 5 else "")
        queue = render.queue_label(call.queue)
        channel = render.text(f"{render.channel_label(call.channel)}/{queue}", max_length=30)
        if call.state is CallState.OFFERED:  # ringing for this operator alone
            channel = Text(_("{channel}, for you").format(
                channel=render.channel_label(call.channel)), style="bold")
        wait = self._wait_cell(call, now)
        caller = render.text(render.pretty_phone(call.caller), max_length=40)
        return wait, caller, customer, channel, marker

    def _head_cells(self, contact: HeadContact, now: datetime) -> tuple[Text, ...]:
        minutes = int(render.elapsed(contact.since, now) // 60)  # how late, in 7 columns
        late = Text(f"↩{minutes}m" if minutes < 600 else f"↩{minutes // 60}h",
                    style="bold cyan")
        return (late, render.text(render.pretty_phone(contact.number), max_length=40),
                render.text(contact.about, max_length=120),
                render.text(f"{contact.kind}/{render.queue_label(contact.queue)}", max_length=30),
                # a callback's badge: two letters, like the channel column
                Text(_("CB"), style="bold cyan"))

    def tick(self) -> None:
        now = self._clock()
        table = self.table
        for contact in self._head:
            if f"{HEAD_KEY}{contact.id}" in table.rows:
                table.update_cell(f"{HEAD_KEY}{contact.id}", "wait",
                                  self._head_cells(contact, now)[0])
        for call in self._calls:
            if str(call.id) in table.rows:
                table.update_cell(str(call.id), "wait", self._wait_cell(call, now))
        self._retitle()

    def _retitle(self) -> None:
        count = len(self._calls)
        if self.stale:
            self.border_title = _("Queue: not up to date while offline")
            return
        ahead = ngettext(" · {n} callback first", " · {n} callbacks first",
                         len(self._head)).format(n=len(self._head)) if self._head else ""
        if not count:
            self.border_title = _("Queue: no calls waiting") + ahead
            return
        now = self._clock()
        longest = max(render.elapsed(call.arrived_at, now) for call in self._calls)
        self.border_title = _("Queue ({count}) · longest {wait}").format(
            count=count, wait=render.duration(longest)) + ahead

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key.startswith(HEAD_KEY):
            self._take(int(key.removeprefix(HEAD_KEY)))
        elif key is not None:
            self.post_message(self.AnswerRequested(int(key)))
