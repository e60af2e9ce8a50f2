"""Pass the current call on: the directory with presence, filtered as you type, a handover
note, and blind, announced (warm), queue and supervisor transfers.

The filter has the focus when the panel opens; Enter transfers blind to the highlighted (top)
match, so two letters and Enter reach a department. The linked ticket and the note travel with
the call. An announced transfer shows its pending state until the target answers: the main
screen forwards change-feed events to `on_backend_event`, and a slow poll covers the rest.

See docs/ARCHITECTURE.md, "screens/".
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.input import Selection
from textual.widgets.option_list import Option

from backends.calls.models import Call
from backends.checks import utcnow
from backends.errors import BackendError, invalid_from_validation
from backends.feed.models import Event
from backends.i18n import _
from backends.people.api import People
from backends.people.models import Presence, Role
from backends.sanitize import clean_line
from backends.tickets.models import ticket_ref
from backends.transfers.api import Transfers
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import Transfer, TransferKind, TransferStatus
from screens.common import keys, render
from screens.common.desk_screen import DeskScreen
from screens.common.render import notify_error
from screens.common.worker_errors import WorkerErrorReporter
from screens.transfers import transfer_targets
from screens.transfers.transfer_keys import TRANSFER_KEYS
from screens.transfers.transfer_outcome import outcome_text, waiting_text
from screens.transfers.transfer_targets import Target, from_entry, from_operators, prompt, rank

POLL_SECONDS = 1.0  # while an announced transfer waits for its answer
MAX_TRANSLATED = 5  # departments looked up by their translated name per keystroke, at most


class TransferPanel(WorkerErrorReporter, Widget):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        *(keys.binding(spec) for spec in TRANSFER_KEYS),
        Binding("down", "cursor(1)", show=False, id="transfer.next"),
        Binding("up", "cursor(-1)", show=False, id="transfer.previous"),
    ]

    class Transferred(Message):
        """The call left the operator: blind/queue at once, announced once accepted."""

        def __init__(self, transfer: Transfer) -> None:
            super().__init__()
            self.transfer = transfer

    class Declined(Message):
        """The announced transfer was declined or timed out; the caller is still ours."""

        def __init__(self, transfer: Transfer) -> None:
            super().__init__()
            self.transfer = transfer

    def __init__(self, transfers: Transfers, people: People, operator: str, *,
                 lists_operators: bool, offer_timeout: int = 30, id: str | None = None,
                 classes: str | None = None) -> None:
        """`lists_operators`: the store knows the operators (the `operators` capability), so
        colleagues are offered beside the directory. `offer_timeout`: seconds an announced
        transfer waits for its answer (the store times it out)."""
        super().__init__(id=id, classes=classes)
        self.offer_timeout = offer_timeout
        self.transfers = transfers
        self.people = people
        self.lists_operators = lists_operators
        self.operator = operator
        self.call: Call | None = None
        self.ticket_id: int | None = None
        self.targets: list[Target] = []
        self.shown_query: str | None = None  # the filter text `targets` belong to
        # the directory's departments and queues, (key, name as read), once read
        self.departments: list[tuple[str, str]] | None = None
        self.pending: Transfer | None = None
        self._poll: Timer | None = None
        # a transfer is on its way: its worker is not exclusive (cancelling it would not undo
        # what the backend already received), so further transfer keys are ignored meanwhile
        self._sending = False

    def compose(self) -> ComposeResult:
        yield Static(Content(_("No call to transfer")), id="transfer-header")
        with Horizontal(classes="transfer-row"):
            yield Label(_("To"))
            yield Input(placeholder=_("type to filter the directory"), id="transfer-filter",
                        compact=True, select_on_focus=True)
        yield OptionList(id="transfer-directory")
        with Horizontal(classes="transfer-row"):
            yield Label(_("Note"))
            yield Input(placeholder=_("handover note for the colleague"), id="transfer-note",
                        compact=True, max_length=4000)
        yield Static(Content(""), id="transfer-status")
        yield Static(Content(_("Enter transfers to the highlighted entry")),
                     id="transfer-hint")

    def on_mount(self) -> None:
        self._load_directory("")

    def on_show(self) -> None:
        # not when another pane is taking the focus (F9 pressed before this Show arrived)
        if not (isinstance(self.screen, DeskScreen) and self.screen.focus_is_reserved):
            self.focus_filter()

    # ------------------------------------------------------------------------------ public
    def set_call(self, call: Call | None, ticket_id: int | None, *, focus: bool = True) -> None:
        """The call (and its linked ticket) the next transfer is for; None clears the panel.
        `focus`: put the focus in the filter (F10), not when the desk's call merely changed."""
        if call is None or self.call is None or call.id != self.call.id:
            # a new call starts clean: no old answer, note or filter text to type after
            self._stop_watching()
            self.pending = None
            if self.is_mounted:
                self._set_status(Content(""))
                self.query_one("#transfer-note", Input).value = ""
                self.query_one("#transfer-filter", Input).value = ""
        self.call = call
        self.ticket_id = ticket_id
        if self.is_mounted:
            self._render_header()
            if focus:
                self.focus_filter()
            self.refresh_bindings()

    def focus_filter(self) -> None:
        """Focus the filter with its text selected, so typing starts a new search."""
        if self.is_mounted and self.display:
            field = self.query_one("#transfer-filter", Input)
            field.focus()
            field.selection = Selection(0, len(field.value))

    def on_backend_event(self, event: Event) -> None:
        """Feed change events here: an answer to the pending transfer is shown at once."""
        if self.pending is None:
            return
        if event.subject == f"transfer:{self.pending.id}" or (
                event.kind.startswith("transfer.") and self.call is not None
                and event.data.get("call_id") == self.call.id):
            self._check_pending()

    # ------------------------------------------------------------------------------ display
    def _render_header(self) -> None:
        if self.call is None:
            text = Content(_("No call to transfer"))
        else:
            parts: list[str | tuple[str, str]] = [
                (_("Transfer"), "bold"), " ", clean_line(self.call.caller, 40)]
            if self.ticket_id is not None:
                parts.append(" · " + ticket_ref(self.ticket_id))
            text = Content.assemble(*parts)
        self.query_one("#transfer-header", Static).update(text)

    def _set_status(self, text: Content, *classes: str) -> None:
        status = self.query_one("#transfer-status", Static)
        status.update(text)
        status.set_classes(" ".join(classes))

    def _show_targets(self, query: str, targets: list[Target]) -> None:
        self.targets = rank(targets, query)
        self.shown_query = query
        option_list = self.query_one("#transfer-directory", OptionList)
        option_list.clear_options()
        option_list.add_options([Option(prompt(target)) for target in self.targets])
        if self.targets:
            option_list.highlighted = 0

    async def _find(self, query: str) -> list[Target]:
        """Directory entries and colleagues matching the filter text."""
        text = query.strip()
        found = [from_entry(entry) for entry in await self.people.list_directory(text)]
        # the store searches the stored names (the keys): a department or queue typed as the
        # operator's language writes it is looked up by its key (with a department's people)
        for key in await self._departments_called(text):
            known = {target.name for target in found}
            found += [target for target in map(from_entry, await self.people.list_directory(key))
                      if target.name not in known]
        if self.lists_operators:
            found += from_operators(await self.people.list_operators(), text, self.operator)
        return found

    async def _departments_called(self, text: str) -> list[str]:
        """Keys of the departments and queues whose name as read (translated) holds `text` but
        not the key itself (those the store found already); the directory is read once."""
        if self.departments is None and text.strip():
            self.departments = transfer_targets.named_entries(await self.people.list_directory(""))
        return transfer_targets.keys_named_like(self.departments or [], text)[:MAX_TRANSLATED]

    # ------------------------------------------------------------------------------ filter
    @on(Input.Changed, "#transfer-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._load_directory(event.value)

    @work(exclusive=True, group="transfer-directory", exit_on_error=False)
    async def _load_directory(self, query: str) -> None:
        try:
            targets = await self._find(query)
        except BackendError as error:
            self._report(error)
            return
        self._show_targets(query, targets)

    def action_cursor(self, step: int) -> None:
        option_list = self.query_one("#transfer-directory", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    @on(Input.Submitted, "#transfer-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_transfer("blind")

    @on(Input.Submitted, "#transfer-note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_transfer("blind")

    @on(OptionList.OptionSelected, "#transfer-directory")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_transfer("blind")

    # ------------------------------------------------------------------------------ actions
    def action_transfer(self, kind: str) -> None:
        if not self._ready():
            return
        query = self.query_one("#transfer-filter", Input).value
        highlighted = self.query_one("#transfer-directory", OptionList).highlighted
        self._sending = True
        self._transfer(TransferKind(kind), query, highlighted)

    def action_escalate(self) -> None:
        if self._ready():
            self._sending = True
            self._escalate()

    def _ready(self) -> bool:
        if self._sending:
            return False  # a second press of the same key: one transfer only
        if self.call is None:
            self.notify(_("There is no call to transfer"), severity="warning", markup=False)
            return False
        if self.pending is not None and self.pending.status is TransferStatus.OFFERED:
            self.notify(_("A transfer is still waiting for an answer"), severity="warning",
                        markup=False)
            return False
        return True

    @work(group="transfer-send", exit_on_error=False)
    async def _transfer(self, kind: TransferKind, query: str, highlighted: int | None) -> None:
        try:
            await self._transfer_now(kind, query, highlighted)
        finally:
            self._sending = False

    async def _transfer_now(self, kind: TransferKind, query: str,
                            highlighted: int | None) -> None:
        try:
            if query != self.shown_query:
                # Enter came before the list caught up with the typing: use the fresh list
                self._show_targets(query, await self._find(query))
                highlighted = 0
            if highlighted is None or not 0 <= highlighted < len(self.targets):
                self.notify(_("No directory entry matches"), severity="warning", markup=False)
                return
            target = self.targets[highlighted]
            if kind is TransferKind.BLIND and target.is_queue:
                kind = TransferKind.QUEUE
            await self._send(kind, target.name)
        except BackendError as error:
            self._report(error)
        except ValueError as exc:  # the transfer model refused the input
            self._report(invalid_from_validation(exc))

    @work(group="transfer-send", exit_on_error=False)
    async def _escalate(self) -> None:
        try:
            await self._escalate_now()
        finally:
            self._sending = False

    async def _escalate_now(self) -> None:
        try:
            supervisors = [op for op in await self.people.list_operators()
                           if op.role is Role.SUPERVISOR and op.name != self.operator]
            if not supervisors:
                self.notify(_("No supervisor is defined"), severity="warning", markup=False)
                return
            supervisors.sort(key=lambda op: op.presence is not Presence.AVAILABLE)
            await self._send(TransferKind.ESCALATION, supervisors[0].name)
        except BackendError as error:
            self._report(error)
        except ValueError as exc:
            self._report(invalid_from_validation(exc))

    async def _send(self, kind: TransferKind, target: str) -> None:
        assert self.call is not None
        note = self.query_one("#transfer-note", Input).value
        waits = kind in (TransferKind.WARM, TransferKind.ESCALATION)
        transfer = await self.transfers.create_transfer(TransferDraft(
            call_id=self.call.id, from_operator=self.operator, target=target, kind=kind,
            note=note, ticket_id=self.ticket_id,
            timeout_seconds=self.offer_timeout if waits else None))
        self.pending = transfer
        self._show_outcome(transfer)
        if transfer.status is TransferStatus.OFFERED:
            self._start_watching()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While an offer waits, the footer offers to take it back instead of transferring."""
        waiting = self.pending is not None and self.pending.status is TransferStatus.OFFERED
        if action == "cancel_offer":
            return waiting
        if action in ("transfer", "escalate"):
            return not waiting
        return True

    def action_cancel_offer(self) -> None:
        if self.pending is not None and self.pending.status is TransferStatus.OFFERED:
            self._cancel(self.pending.id)

    @work(exclusive=True, group="transfer-watch", exit_on_error=False)
    async def _cancel(self, transfer_id: int) -> None:
        try:
            cancelled = await self.transfers.cancel_transfer(transfer_id, self.operator)
        except BackendError as error:  # answered meanwhile (Conflict): show that answer
            self._report(error)
            if self.pending is not None:
                self._refresh_pending(self.pending.id, self.pending.call_id)
            return
        if self.pending is not None and self.pending.id == transfer_id:
            self.pending = cancelled
            self._show_outcome(cancelled)

    # ------------------------------------------------------------------------------ outcome
    def _show_outcome(self, transfer: Transfer) -> None:
        self.refresh_bindings()  # "Cancel offer" only while an offer waits
        if transfer.status is TransferStatus.OFFERED:
            self._set_status(Content(waiting_text(transfer, utcnow())), "pending")
            return
        self._stop_watching()
        text = outcome_text(transfer)
        accepted = transfer.status is TransferStatus.ACCEPTED
        self._set_status(Content(text), "accepted" if accepted else "declined")
        self.notify(text, severity="information" if accepted else "warning", markup=False)
        self.post_message(self.Transferred(transfer) if accepted else self.Declined(transfer))

    def _start_watching(self) -> None:
        self._stop_watching()
        self._poll = self.set_interval(POLL_SECONDS, self._check_pending)

    def _stop_watching(self) -> None:
        if self._poll is not None:
            self._poll.stop()
            self._poll = None

    def _check_pending(self) -> None:
        if self.pending is not None and self.pending.status is TransferStatus.OFFERED:
            self._set_status(Content(waiting_text(self.pending, utcnow())), "pending")
            self._refresh_pending(self.pending.id, self.pending.call_id)

    @work(exclusive=True, group="transfer-watch", exit_on_error=False)
    async def _refresh_pending(self, transfer_id: int, call_id: int) -> None:
        try:
            transfers = await self.transfers.list_transfers(call_id=call_id)
        except BackendError as error:
            self._report(error)
            return
        current = next((t for t in transfers if t.id == transfer_id), None)
        if current is None or self.pending is None or self.pending.id != transfer_id:
            return
        if current.status is not TransferStatus.OFFERED:
            self.pending = current
            self._show_outcome(current)

    def _report(self, error: BackendError) -> None:
        """In the panel's status line too: a refused offer says why where the operator looks."""
        self._set_status(render.content(error.message, max_length=300), "declined")
        notify_error(self, error.message)
