"""The ticket editor: open or create a ticket, edit its fields, add notes and replies, escalate
(docs/ARCHITECTURE.md, "screens/"; the writes are screens/tickets/ticket_writer.py's).

Every change is autosaved as a draft (debounced) so switching away or a crash loses nothing; the
draft is removed once the ticket is saved. Saving over somebody else's newer version opens the
conflict dialog. Backend calls run in workers and failures become notifications.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from backends.calls.api import Calls
from backends.customers.api import Customers
from backends.errors import BackendError
from backends.i18n import _
from backends.models import (
    Call,
    Customer,
    Ticket,
    TicketEntry,
)
from backends.sanitize import clean, clean_line
from backends.tickets.api import Tickets
from screens.common import keys
from screens.common.render import notify_error
from screens.common.worker_errors import WorkerErrorReporter
from screens.tickets.drafts import Draft, DraftStore, belongs_to, operator_label
from screens.tickets.ticket_autosave import DraftKeeper
from screens.tickets.ticket_form import (
    FormValues,
    TicketForm,
    changed_fields,
    coerce_values,
    default_values,
    values_from_ticket,
)
from screens.tickets.ticket_keys import EDITOR_KEYS
from screens.tickets.ticket_view import entries_content, header_content
from screens.tickets.ticket_writer import TicketWriter

ResultT = TypeVar("ResultT")


class TicketEditor(WorkerErrorReporter, Widget):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [keys.binding(spec) for spec in EDITOR_KEYS]

    class Saved(Message):
        """The ticket was stored (created, updated, escalated or given an entry)."""

        def __init__(self, ticket: Ticket) -> None:
            super().__init__()
            self.ticket = ticket

    def __init__(self, tickets: Tickets, calls: Calls, customers: Customers, operator: str,
                 drafts: DraftStore, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.tickets = tickets
        self.calls = calls
        self.customers = customers
        self.operator = operator
        self.drafts = drafts
        self.ticket: Ticket | None = None
        self.call: Call | None = None
        self.customer: Customer | None = None
        self.customer_id: int | None = None
        self.entries: list[TicketEntry] = []
        # the form as stored (sanitised): a field differing from it is an unsaved change
        self.baseline: FormValues = default_values()
        self.base_version: int | None = None
        self.keeper = DraftKeeper(self, drafts, self._unsaved_draft)
        self._last_values: FormValues = default_values()
        self._last_note = ""
        # the writes (save, escalate, notes) are the writer's; it sees this editor through
        # TicketEditorView (screens/tickets/ticket_writer.py)
        self.writer = TicketWriter(self, tickets)

    # ------------------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(Content(_("No ticket open")), id="ticket-header")
        yield TicketForm(id="ticket-form")
        with VerticalScroll(id="ticket-entries"):
            yield Static(Content(""), id="ticket-entries-text")
        yield Label(_("Note to add (Enter in the subject comes here)"), id="note-label")
        yield TextArea(id="note", compact=True, soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        self._enable(False)  # nothing to edit until a ticket, call or customer is given

    def _enable(self, enabled: bool) -> None:
        self.form.disabled = not enabled
        self.note_area.disabled = not enabled

    @property
    def form(self) -> TicketForm:
        return self.query_one(TicketForm)

    @property
    def note_area(self) -> TextArea:
        return self.query_one("#note", TextArea)

    @property
    def is_new(self) -> bool:
        return self.ticket is None

    def values(self) -> FormValues:
        """The form as it is now (as last seen once the children are gone, when unmounting)."""
        with contextlib.suppress(NoMatches):
            self._last_values = self.form.values()
        return dict(self._last_values)

    def remember(self) -> None:
        """Refresh the copy of the form kept for when the children are gone (unmounting)."""
        self.values()
        self._last_note = self.note_text

    @property
    def note_text(self) -> str:
        with contextlib.suppress(NoMatches):
            self._last_note = self.note_area.text
        return self._last_note

    def has_unsaved_changes(self) -> bool:
        if self.ticket is None and self.call is None and self.customer_id is None:
            return False
        return bool(changed_fields(self.values(), self.baseline)) or bool(self.note_text.strip())

    # ------------------------------------------------------------------------------ opening
    async def new_from_call(self, call: Call, customer: Customer | None) -> None:
        """A new ticket for the call (and its customer); the subject is ready to type over."""
        self._leave_current()
        who = customer.name if customer is not None else call.caller
        subject = _("Call from {who}").format(who=clean_line(who, 120))
        self.set_context(ticket=None, call=call, customer=customer,
                          customer_id=customer.id if customer else call.customer_id)
        self.show(default_values(subject), note="", entries=[])
        self._restore_pending(self.draft_key())
        self.form.focus_subject()

    async def new_for_customer(self, customer: Customer) -> None:
        self._leave_current()
        self.set_context(ticket=None, call=None, customer=customer, customer_id=customer.id)
        self.show(default_values(), note="", entries=[])
        self._restore_pending(self.draft_key())
        self.form.focus_subject()

    async def open_ticket(self, ticket_id: int) -> None:
        """Load the ticket in a worker; its draft (if any) is restored over it."""
        self._leave_current()
        self._load_ticket(ticket_id)

    async def restore_draft(self, draft: Draft) -> None:
        """Put a recovered draft back in the editor (from the recovery dialog)."""
        self._leave_current()
        if draft.ticket_id is not None:
            self._load_ticket(draft.ticket_id)
            return
        self._load_new_from_draft(draft)

    @work(exclusive=True, group="ticket-load", exit_on_error=False)
    async def _load_ticket(self, ticket_id: int) -> None:
        try:
            ticket = await self.tickets.get_ticket(ticket_id)
            entries = await self.tickets.list_ticket_entries(ticket_id)
            customer = await self._customer_of(ticket.customer_id)
        except BackendError as error:
            notify_error(self, error.message)
            return
        self.set_context(ticket=ticket, call=None, customer=customer,
                          customer_id=ticket.customer_id)
        self.show(values_from_ticket(ticket), note="", entries=entries)
        self._restore_pending(self.draft_key())
        self.form.focus_subject()

    @work(exclusive=True, group="ticket-load", exit_on_error=False)
    async def _load_new_from_draft(self, draft: Draft) -> None:
        call = customer = None
        try:
            if draft.call_id is not None:
                call = await self.calls.get_call(draft.call_id)
            customer_id = draft.customer_id if draft.customer_id is not None else (
                call.customer_id if call else None)
            customer = await self._customer_of(customer_id)
        except BackendError as error:
            notify_error(self, error.message)
            return
        self.set_context(ticket=None, call=call, customer=customer,
                          customer_id=customer.id if customer else draft.customer_id)
        self.show(default_values(), note="", entries=[])
        self._apply_draft(draft)
        self.form.focus_subject()

    async def _customer_of(self, customer_id: int | None) -> Customer | None:
        if customer_id is None:
            return None
        return await self.customers.get_customer(customer_id)

    def set_context(self, *, ticket: Ticket | None, call: Call | None,
                     customer: Customer | None, customer_id: int | None) -> None:
        self.ticket = ticket
        self.call = call
        self.customer = customer
        self.customer_id = customer_id
        self.base_version = ticket.version if ticket else None
        self._enable(True)

    def show(self, values: FormValues, *, note: str, entries: list[TicketEntry]) -> None:
        self.baseline = dict(values)
        self.form.set_values(values)
        self.note_area.load_text(note)
        self.entries = entries
        self._render_header()
        self.render_entries()
        self.remember()

    def _render_header(self) -> None:
        self.query_one("#ticket-header", Static).update(
            header_content(self.ticket, self.customer, self.call))

    def render_entries(self) -> None:
        # oldest first, as the backend lists them; the newest stays in view
        self.query_one("#ticket-entries-text", Static).update(entries_content(self.entries))
        self.query_one("#ticket-entries", VerticalScroll).scroll_end(animate=False)

    # ------------------------------------------------------------------------------ drafts
    def draft_key(self) -> str | None:
        if self.ticket is not None:
            return f"ticket-{self.ticket.id}"
        if self.call is not None:
            return f"call-{self.call.id}"
        if self.customer_id is not None:
            return f"customer-{self.customer_id}"
        return None

    def _current_draft(self) -> Draft | None:
        if self.draft_key() is None:
            return None
        try:
            return Draft(
                ticket_id=self.ticket.id if self.ticket else None,
                call_id=self.call.id if self.call and self.ticket is None else None,
                customer_id=self.customer_id if self.ticket is None else None,
                base_version=self.base_version,
                operator=operator_label(self.operator),
                fields=dict[str, str | None](self.values()),
                base=dict(self.baseline),
                note=self.note_text,
            )
        except ValueError:  # beyond what a draft file holds (a pasted book): keep the last one
            return None

    def pending_drafts(self) -> list[Draft]:
        """Drafts this operator left behind (for the recovery dialog at start)."""
        return self.drafts.pending(operator=self.operator)

    def _restore_pending(self, key: str | None) -> None:
        if key is None:
            return
        draft = self.drafts.load(key)
        if draft is not None and belongs_to(draft, self.operator):
            self._apply_draft(draft)
            self.notify(_("Unsaved changes restored from your draft"), markup=False)

    def _apply_draft(self, draft: Draft) -> None:
        values = coerce_values(draft.fields)
        if draft.base and draft.base_version is not None and self.ticket is not None:
            # edits started from an older version: saving must compare against that one
            self.baseline = coerce_values(draft.base)
            self.base_version = draft.base_version
        self.form.set_values(values)
        self.note_area.load_text(clean(draft.note))
        self.remember()

    def on_ticket_form_changed(self, event: TicketForm.Changed) -> None:
        event.stop()
        self._schedule_draft()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._schedule_draft()

    def _schedule_draft(self) -> None:
        self.remember()
        self.keeper.schedule()

    def _unsaved_draft(self) -> Draft | None:
        return self._current_draft() if self.has_unsaved_changes() else None

    def flush_draft(self) -> None:
        """Write the draft now if anything is unsaved (no debounce)."""
        self.keeper.flush()

    def discard_draft(self, *keys: str | None) -> None:
        self.keeper.discard(*keys)

    def _leave_current(self) -> None:
        self.keeper.flush()

    def on_unmount(self) -> None:
        self.flush_draft()

    @on(Input.Submitted, "#subject")
    def _subject_done(self, event: Input.Submitted) -> None:
        """Enter in the subject: on to the note (one key, not a Tab through every field)."""
        event.stop()
        self.note_area.focus()

    def take_stray_text(self, character: str) -> bool:
        """A character typed while the focus is on no text field and this editor is in view:
        it goes into the note (focused, so the operator sees where), never into nothing."""
        note = self.note_area
        if note.disabled or self.region.area == 0 or not character.isprintable():
            return False
        note.focus()
        note.insert(character)
        return True

    # ------------------------------------------------------------------------------ writes
    def action_save(self) -> None:
        self.writer.save()

    def action_escalate(self) -> None:
        self.writer.escalate()

    def action_add_entry(self, kind: str) -> None:
        self.writer.add_entry(kind)

    def saved(self, ticket: Ticket) -> None:
        """The host confirms the save (it gets Saved); the header shows the reference."""
        self.post_message(self.Saved(ticket))

    async def ask(self, dialog: Screen[ResultT]) -> ResultT:
        return await self.app.push_screen_wait(dialog)

    def launch(self, work: Callable[[], Awaitable[None]], group: str) -> None:
        self.run_worker(work, name=getattr(work, "__name__", group), group=group,
                        exit_on_error=False)
