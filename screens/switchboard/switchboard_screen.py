"""The receptionist's switchboard (issue 19): the directory is the screen. On top the call
(mine, or the next waiting, with who calls and whom they ask for); under it the filter, which
has the focus, so typing filters colleagues, people, departments and queues by name,
department, extension or what they handle; then the directory with live presence, the parked
calls with their timers, and a status line. Keys (function keys: they work while typing):

- F5 answer the next phone call, one in my own queue first (a parked call come back, a
  transfer to me: answering.py); the directory is filtered to whom the caller asks for;
- Enter transfer blind to the highlighted row (a department or queue: to its queue);
- F6 announced (warm) transfer, waiting at most the offer timeout;
- F7 take a message for the highlighted row (Enter in the dialog sends it);
- F8 park the call; F9 then the slot's digit picks a parked call up;
- F4 my messages (unread count in the title); F2 my presence (away, do-not-disturb).
A refused transfer (away, do-not-disturb, closed, not at work) says why and offers F7.

Live: the change feed is read every POLL seconds, then only what changed. Workers do every
backend call; failures reach the status line, never a crash (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from backends.calls.models import Call, CallState
from backends.errors import BackendError, Invalid, NotFound
from backends.i18n import N_, _, ngettext
from backends.messages.api import MESSAGES
from backends.parking.api import PARKING
from backends.parking.models import ParkedCall
from backends.people.models import DirectoryEntry, Operator, Presence
from backends.protocol import Backend
from backends.transfers.models import TransferKind
from screens.common import render
from screens.common.clock import Clock, system_clock
from screens.common.fitting_footer import FittingFooter
from screens.switchboard import answering, bars, message_send
from screens.switchboard.directory_rows import Row, all_rows, asked_for, matching
from screens.switchboard.message_dialog import MessageDialog, MessageForm

POLL = 0.4  # seconds between reads of the change feed
REBUILD = 15.0  # seconds between redraws of durations and opening hours without a change
SHOWN = 200  # rows shown at most: type more letters rather than scroll
TALKING = [CallState.ACTIVE, CallState.ON_HOLD]


def _key(id_: str, key: str, action: str, label: str, show: bool = True,
         **values: object) -> Binding:
    """`label` is marked N_(); `values` fill its placeholders once translated."""
    return Binding(key, action, _(label).format(**values), id=f"switchboard_{id_}",
                   priority=True, show=show)


class SwitchboardScreen(Screen[None]):
    DEFAULT_CSS = """
    SwitchboardScreen #sb-call { height: 1; }
    SwitchboardScreen #sb-filter { height: 3; }
    SwitchboardScreen #sb-directory { height: 1fr; }
    SwitchboardScreen #sb-parked { height: 1; }
    SwitchboardScreen #sb-status { height: 2; color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        _key("answer", "f5", "answer", N_("Answer")),
        _key("warm", "f6", "transfer(True)", N_("Warm")),
        _key("message", "f7", "message", N_("Message")),
        _key("park", "f8", "park", N_("Park")),
        _key("pick_up", "f9", "pick_up", N_("Pick up")),
        _key("inbox", "f4", "inbox", N_("Inbox")),
        _key("presence", "f2", "presence", N_("Presence")),
        _key("down", "down", "move(1)", N_("Down"), show=False),
        _key("up", "up", "move(-1)", N_("Up"), show=False),
        _key("clear", "escape", "clear", N_("Clear"), show=False),
        *[_key(f"slot_{n}", str(n), f"slot({n})", N_("Slot {n}"), show=False, n=n)
          for n in range(1, 10)],
    ]

    def __init__(self, backend: Backend, me: str, *, clock: Clock = system_clock,
                 offer_timeout: int = 30, open_backend: bool = True) -> None:
        super().__init__()
        self.backend = backend
        self.me = me
        self.clock = clock
        self.offer_timeout = offer_timeout
        self.open_backend = open_backend
        self.operators: list[Operator] = []
        self.entries: list[DirectoryEntry] = []
        self.rows: list[Row] = []  # shown (the filter's matches, at most SHOWN)
        self.every_row: list[Row] = []  # rebuilt when the store changed, or every REBUILD s
        self.call: Call | None = None
        self.customer: str | None = None
        self.waiting: list[Call] = []
        self.parked: list[ParkedCall] = []
        self.unread = 0
        self.last_event = 0
        self.picking = False
        self.ready = False

    def compose(self) -> ComposeResult:
        yield Static("", id="sb-call")
        yield Input(placeholder=_("Type a name, department, extension or subject…"),
                    id="sb-filter")
        table: DataTable[Text] = DataTable(id="sb-directory", cursor_type="row")
        yield table
        yield Static("", id="sb-parked")
        yield Static("", id="sb-status")
        yield FittingFooter()  # F1 (every key) stays whatever else fits

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # at 80 columns: the name, the extension read out to callers, then the presence with
        # an away note and its return time (cut at 40); department and kind to the right
        table.add_columns(_("Name"), _("Ext."), _("Presence"), _("Department"), _("Kind"))
        self.query_one(Input).focus()
        self.start()

    # -- loading and live updates --------------------------------------------------------
    @work(exclusive=True, exit_on_error=False, group="sb-start")
    async def start(self) -> None:
        try:
            if self.open_backend:
                await self.backend.open()
            await self.sign_in()
            self.last_event = await self.backend.feed.last_event_id()
        except BackendError as exc:
            self.status(exc.message)
            return
        self.ready = True
        await self.reload({"directory", "calls", "parking", "messages"})
        self.set_interval(POLL, self.poll)
        self.set_interval(1.0, self.tick)
        self.set_interval(REBUILD, self.rebuild)
        backend_ready = getattr(self.app, "backend_ready", None)
        if backend_ready is not None:
            backend_ready()

    async def sign_in(self) -> None:
        """Presence follows the console: signing in makes an offline receptionist available
        (away and do-not-disturb stay as they were set)."""
        try:
            me = await self.backend.people.get_operator(self.me)
        except NotFound:
            return  # not an operator of this store: the directory still works
        if me.presence is Presence.OFFLINE:
            await self.backend.people.set_presence(self.me, Presence.AVAILABLE)

    async def sign_out(self) -> None:
        """Leaving as offline, unless a call is still in hand (it stays theirs)."""
        if self.call is None:
            with contextlib.suppress(NotFound):
                await self.backend.people.set_presence(self.me, Presence.OFFLINE)

    async def reload(self, what: set[str]) -> None:
        try:
            if "directory" in what:
                self.operators = await self.backend.people.list_operators()
                self.entries = await self.backend.people.list_directory("")
                self.rebuild()
            if "calls" in what:
                await self._read_calls()
            if "parking" in what:
                self.parked = await self.backend.domain(PARKING).list_parked()
            if "messages" in what:
                self.unread = await self.backend.domain(MESSAGES).unread_count(self.me)
                self.sub_title = ngettext("{n} unread message (F4)", "{n} unread messages (F4)",
                                          self.unread).format(n=self.unread)
        except BackendError as exc:
            self.status(exc.message)
        self.tick()

    async def _read_calls(self) -> None:
        mine = await self.backend.calls.list_calls(states=TALKING, operator=self.me, limit=1)
        call = mine[0] if mine else None
        if call is not None and call.customer_id is not None and (
                self.call is None or self.call.id != call.id):
            self.customer = (await self.backend.customers.get_customer(call.customer_id)).name
        elif call is None:
            self.customer = None
        self.call = call
        waiting = await self.backend.calls.list_calls(states=[CallState.WAITING], limit=100)
        self.waiting = answering.phone_calls(waiting)  # not the e-mails and chats

    async def poll(self) -> None:
        if not self.ready:
            return
        try:
            events = await self.backend.feed.read_events(self.last_event, 500)
        except BackendError as exc:
            self.status(exc.message)
            return
        if not events:
            return
        self.last_event = events[-1].id
        what: set[str] = set()
        for event in events:
            kind = event.kind.split(".")[0]
            if kind in ("operator", "directory"):
                what.add("directory")
            elif kind in ("call", "transfer"):
                what |= {"calls", "directory"} if kind == "transfer" else {"calls"}
            elif kind == "parking":
                what |= {"parking", "calls"}
            elif kind == "message":
                what.add("messages")
        if what:
            await self.reload(what)

    def tick(self) -> None:
        now: datetime = self.clock()
        self.query_one("#sb-call", Static).update(
            bars.call_line(self.call, self.customer, self.waiting, now))
        self.query_one("#sb-parked", Static).update(bars.parked_line(self.parked, now))

    def rebuild(self) -> None:
        """Every row again: presences, durations on a call, departments open or closed."""
        self.every_row = all_rows(self.operators, self.entries, self.clock())
        self.show_directory()

    def show_directory(self) -> None:
        table = self.query_one(DataTable)
        keep = self.highlighted()
        self.rows = matching(self.every_row, self.query_one(Input).value, SHOWN)
        table.clear()
        for row in self.rows:
            table.add_row(render.text(row.label, "bold" if row.takes_calls else "dim", 28),
                          render.text(row.extension, "", 8), render.text(row.state, row.style, 40),
                          render.text(row.department, "", 24), render.text(row.kind))
        names = [row.name for row in self.rows]
        if keep is not None and keep.name in names:
            table.move_cursor(row=names.index(keep.name))

    def highlighted(self) -> Row | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def status(self, words: str) -> None:
        self.query_one("#sb-status", Static).update(render.content(words, max_length=300))

    @on(Input.Changed, "#sb-filter")
    def _filter(self, _event: Input.Changed) -> None:
        self.show_directory()
        self.query_one(DataTable).move_cursor(row=0)

    # -- keys ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "slot":
            return self.picking  # otherwise the digit goes to the filter
        return True

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def action_clear(self) -> None:
        self.picking = False
        self.refresh_bindings()
        self.query_one(Input).focus()
        self.query_one(Input).value = ""
        self.status("")

    @work(exclusive=True, exit_on_error=False, group="sb-act")
    async def action_answer(self) -> None:
        if self.call is not None:
            self.status(_("You already have a call: transfer, park or take a message first."))
            return
        try:
            if not self.waiting:  # a call may have come since the last read
                await self._read_calls()
            mine = answering.next_to_answer(self.waiting, self.me)  # my own queue first
            if mine is None:
                self.status(_("No call waiting."))
                return
            call = await self.backend.calls.answer_call(mine.id, self.me)
        except BackendError as exc:
            self.status(exc.message)
            return
        await self.reload({"calls"})
        target = asked_for(call.notes, self.every_row)
        field = self.query_one(Input)
        if target is not None:
            field.value = target  # whom they ask for: Enter puts them through
        field.select_all()  # letters typed now replace it (or what the last call left)
        self.status(_("Answered.") + (" " + _("Asks for {name}: Enter transfers, F7 takes a "
                                             "message.").format(name=target) if target else ""))

    @on(Input.Submitted, "#sb-filter")
    def _enter(self, _event: Input.Submitted) -> None:
        self.action_transfer(False)

    @work(exclusive=True, exit_on_error=False, group="sb-act")
    async def action_transfer(self, warm: bool) -> None:
        from backends.transfers.inputs import TransferDraft  # pydantic: only when transferring

        row = self.highlighted()
        if self.call is None or row is None:
            self.status(_("A transfer needs a call and a highlighted name."))
            return
        department = row.kind in (_("department"), _("queue"))
        kind = TransferKind.WARM if warm else (
            TransferKind.QUEUE if department else TransferKind.BLIND)
        try:
            await self.backend.transfers.create_transfer(TransferDraft(
                call_id=self.call.id, from_operator=self.me, target=row.name, kind=kind,
                timeout_seconds=self.offer_timeout if warm else None))
        except Invalid as exc:
            if exc.field == "target":  # away, do-not-disturb, closed: the reason, then F7
                self.status(exc.reason + " (F7)")
            else:
                self.status(exc.message)
            return
        except BackendError as exc:
            self.status(exc.message)
            return
        if warm:
            self.status(_("Announced to {name}: waiting up to {n} s for the answer.").format(
                name=row.label, n=self.offer_timeout))
        else:
            self.status(_("Put through to {name}.").format(name=row.label))
            self.query_one(Input).value = ""
        await self.reload({"calls"})

    def action_message(self) -> None:
        row = self.highlighted()
        if row is None:
            self.status(_("Highlight whom the message is for."))
            return
        number = self.call.caller if self.call is not None else ""
        self.app.push_screen(MessageDialog(row.name, self.customer or "", number),
                             self._message_typed)

    def _message_typed(self, form: MessageForm | None) -> None:
        if form is not None:
            self.send_message(form)

    @work(exit_on_error=False, group="sb-message")
    async def send_message(self, form: MessageForm) -> None:
        try:  # the call in hand ends with it (screens/switchboard/message_send.py)
            self.status(await message_send.send(self.backend, self.me, form, self.call))
        except BackendError as exc:
            self.status(exc.message)
            return
        await self.reload({"calls"})

    @work(exclusive=True, exit_on_error=False, group="sb-act")
    async def action_park(self) -> None:
        if self.call is None:
            self.status(_("No call to park."))
            return
        try:
            parked = await self.backend.domain(PARKING).park_call(self.call.id, self.me)
        except BackendError as exc:
            self.status(exc.message)
            return
        self.status(_("Parked in slot {slot}.").format(slot=parked.slot))
        await self.reload({"calls", "parking"})

    def action_pick_up(self) -> None:
        if not self.parked:
            self.status(_("No call is parked."))
            return
        self.picking = True
        self.query_one(DataTable).focus()  # the filter would take the digit as text
        self.refresh_bindings()
        self.status(_("Pick up which slot? Press its digit (Esc: never mind)."))

    @work(exclusive=True, exit_on_error=False, group="sb-act")
    async def action_slot(self, slot: int) -> None:
        self.picking = False
        self.refresh_bindings()
        self.query_one(Input).focus()
        if self.call is not None:
            self.status(_("You already have a call: park or transfer it first."))
            return
        try:
            await self.backend.domain(PARKING).pick_up(slot, self.me)
        except BackendError as exc:
            self.status(exc.message)
            return
        self.status(_("Picked up slot {slot}.").format(slot=slot))
        await self.reload({"calls", "parking"})

    def action_inbox(self) -> None:
        from screens.switchboard.inbox import InboxScreen

        self.app.push_screen(InboxScreen(self.backend.domain(MESSAGES), self.backend.calls,
                                         self.me))

    def action_presence(self) -> None:
        from screens.switchboard.presence_dialog import PresenceDialog

        self.app.push_screen(PresenceDialog(self.backend.people, self.me))
