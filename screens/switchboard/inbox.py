"""The inbox of messages taken for me (issue 19): newest first, unread in bold, urgent marked,
"not mailed yet" shown; C calls back with one key (an outbound call to the number, the message
read), D marks done. `InboxView` is the widget (the operator's Messages pane follows the change
feed with it); `InboxScreen` shows it over the switchboard (Esc closes). Works on the
`Messages` and `Calls` interfaces only (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from backends.calls.api import Calls
from backends.calls.models import Direction
from backends.errors import BackendError
from backends.feed.models import Event
from backends.i18n import _, ngettext
from backends.messages.api import Messages
from backends.messages.models import Message, Urgency
from screens.common import render
from screens.common.keys import binding
from screens.switchboard.message_keys import MESSAGE_KEYS


def summary(message: Message) -> str:
    who = message.caller_name or message.company or render.pretty_phone(message.number)
    return f"{who}: {message.reason}" if message.reason else who




class InboxView(Vertical):
    DEFAULT_CSS = """
    InboxView DataTable { height: 1fr; }
    InboxView #inbox-status { height: auto; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [binding(spec) for spec in MESSAGE_KEYS]

    def __init__(self, messages: Messages, calls: Calls, me: str, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.messages = messages
        self.calls = calls
        self.me = me
        self.shown: list[Message] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Messages for {me}").format(me=self.me), id="inbox-title",
                     markup=False)
        table: DataTable[Text] = DataTable(id="inbox-table", cursor_type="row")
        yield table
        yield Static(_("C: call back · D: done"), id="inbox-status", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("When"), _("From"), _("Number"), _("State"))
        self.reload()

    def on_backend_event(self, event: Event) -> None:
        """A message changed (the Messages pane follows the `message` subject)."""
        self.reload()

    @work(exclusive=True, exit_on_error=False, group="inbox")
    async def reload(self) -> None:
        try:
            self.shown = await self.messages.inbox(self.me)
        except BackendError as exc:
            self.status(exc.message)
            return
        table = self.query_one(DataTable)
        table.clear()
        unread = sum(1 for m in self.shown if m.read_at is None)
        self.query_one("#inbox-title", Static).update(render.content(
            _("Messages for {me}").format(me=self.me) + " · " + ngettext(
                "{n} unread", "{n} unread", unread).format(n=unread)))
        for message in self.shown:
            style = "bold" if message.read_at is None else ""
            state = [_("urgent")] if message.urgency is Urgency.URGENT else []
            if message.call_back:
                state.append(_("call back"))
            if message.waiting_for_mail:
                state.append(_("not mailed yet"))
            table.add_row(render.text(render.local_time(message.created_at)[-5:], style),
                          render.text(summary(message), style, 60),
                          render.text(render.pretty_phone(message.number), style),
                          render.text(", ".join(state), "red" if state else ""),
                          key=str(message.id))
        if not self.shown:
            self.status(_("No messages."))

    def status(self, words: str) -> None:
        self.query_one("#inbox-status", Static).update(render.content(words))

    def current(self) -> Message | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    @work(exclusive=True, exit_on_error=False, group="inbox-act")
    async def action_call_back(self) -> None:
        from backends.calls.inputs import CallDraft  # pydantic: only when a call is made

        message = self.current()
        if message is None or not message.number:
            self.status(_("This message has no number to call."))
            return
        try:
            await self.calls.create_call(CallDraft(
                caller=message.number, direction=Direction.OUTBOUND, operator=self.me,
                customer_id=message.customer_id, notes=summary(message)[:200]))
            await self.messages.mark_read(message.id, self.me)
        except BackendError as exc:
            self.status(exc.message)
            return
        self.status(_("Calling {number}…").format(number=render.pretty_phone(message.number)))
        self.reload()

    @work(exclusive=True, exit_on_error=False, group="inbox-act")
    async def action_done(self) -> None:
        message = self.current()
        if message is None:
            return
        try:
            await self.messages.mark_done(message.id, self.me)
        except BackendError as exc:
            self.status(exc.message)
            return
        self.status(_("Done."))
        self.reload()



class InboxScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    InboxScreen { align: center middle; }
    InboxScreen > InboxView { width: 96%; height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Close"), id="inbox_close"),
    ]

    def __init__(self, messages: Messages, calls: Calls, me: str) -> None:
        super().__init__()
        self.view = InboxView(messages, calls, me)

    def compose(self) -> ComposeResult:
        yield self.view

    def on_mount(self) -> None:
        self.view.query_one(DataTable).focus()

    def action_close(self) -> None:
        self.dismiss(None)
