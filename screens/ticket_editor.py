"""The ticket editor: open or create a ticket, edit its fields, add notes and replies, escalate.

Every change is autosaved as a draft (debounced) so switching away or a crash loses nothing; the
draft is removed once the ticket is saved. Saving over somebody else's newer version opens the
conflict dialog. Backend calls run in workers and failures become notifications.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label, Static, TextArea

from backends.errors import BackendError, Conflict
from backends.i18n import _
from backends.models import (
    Call,
    Customer,
    EntryKind,
    Ticket,
    TicketEntry,
    TicketEntryDraft,
)
from backends.protocol import Backend
from backends.sanitize import clean, clean_line
from screens import keys
from screens.conflict_dialog import ConflictDialog
from screens.drafts import Draft, DraftStore
from screens.ticket_form import (
    FormValues,
    TicketForm,
    changed_fields,
    coerce_values,
    default_values,
    to_changes,
    to_draft,
    values_from_ticket,
)
from screens.ticket_keys import EDITOR_KEYS

DRAFT_DELAY = 0.5  # seconds of quiet before the draft is written


def format_time(moment: datetime) -> str:
    """Entry timestamps in local time (a module function so snapshot tests can freeze it)."""
    return moment.astimezone().strftime("%d/%m %H:%M")


def report(widget: Widget, error: BackendError) -> None:
    """A backend error as an error notification; its text may quote user input: no markup."""
    widget.notify(clean_line(error.message, 300), severity="error", markup=False)


class TicketEditor(Widget):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [keys.binding(spec) for spec in EDITOR_KEYS]

    class Saved(Message):
        """The ticket was stored (created, updated, escalated or given an entry)."""

        def __init__(self, ticket: Ticket) -> None:
            super().__init__()
            self.ticket = ticket

    def __init__(self, backend: Backend, operator: str, drafts: DraftStore, *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.backend = backend
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
        self._draft_timer: Timer | None = None
        self._draft_lock = threading.Lock()
        self._draft_seq = 0  # bumped per scheduled write; stale writes are dropped
        self._draft_written = 0
        self._last_values: FormValues = default_values()
        self._last_note = ""

    # ------------------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(Content(_("No ticket open")), id="ticket-header")
        yield TicketForm(id="ticket-form")
        with VerticalScroll(id="ticket-entries"):
            yield Static(Content(""), id="ticket-entries-text")
        yield Label(_("Note to add"), id="note-label")
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

    def _remember(self) -> None:
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
        self._set_context(ticket=None, call=call, customer=customer,
                          customer_id=customer.id if customer else call.customer_id)
        self._show(default_values(subject), note="", entries=[])
        self._restore_pending(self._draft_key())
        self.form.focus_subject()

    async def new_for_customer(self, customer: Customer) -> None:
        self._leave_current()
        self._set_context(ticket=None, call=None, customer=customer, customer_id=customer.id)
        self._show(default_values(), note="", entries=[])
        self._restore_pending(self._draft_key())
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
            ticket = await self.backend.get_ticket(ticket_id)
            entries = await self.backend.list_ticket_entries(ticket_id)
            customer = await self._customer_of(ticket.customer_id)
        except BackendError as error:
            report(self, error)
            return
        self._set_context(ticket=ticket, call=None, customer=customer,
                          customer_id=ticket.customer_id)
        self._show(values_from_ticket(ticket), note="", entries=entries)
        self._restore_pending(self._draft_key())
        self.form.focus_subject()

    @work(exclusive=True, group="ticket-load", exit_on_error=False)
    async def _load_new_from_draft(self, draft: Draft) -> None:
        call = customer = None
        try:
            if draft.call_id is not None:
                call = await self.backend.get_call(draft.call_id)
            customer_id = draft.customer_id if draft.customer_id is not None else (
                call.customer_id if call else None)
            customer = await self._customer_of(customer_id)
        except BackendError as error:
            report(self, error)
            return
        self._set_context(ticket=None, call=call, customer=customer,
                          customer_id=customer.id if customer else draft.customer_id)
        self._show(default_values(), note="", entries=[])
        self._apply_draft(draft)
        self.form.focus_subject()

    async def _customer_of(self, customer_id: int | None) -> Customer | None:
        if customer_id is None:
            return None
        return await self.backend.get_customer(customer_id)

    def _set_context(self, *, ticket: Ticket | None, call: Call | None,
                     customer: Customer | None, customer_id: int | None) -> None:
        self.ticket = ticket
        self.call = call
        self.customer = customer
        self.customer_id = customer_id
        self.base_version = ticket.version if ticket else None
        self._enable(True)

    def _show(self, values: FormValues, *, note: str, entries: list[TicketEntry]) -> None:
        self.baseline = dict(values)
        self.form.set_values(values)
        self.note_area.load_text(note)
        self.entries = entries
        self._render_header()
        self._render_entries()
        self._remember()

    def _render_header(self) -> None:
        parts: list[str | tuple[str, str]] = []
        if self.ticket is not None:
            parts.append((self.ticket.ref, "bold"))
        else:
            parts.append((_("New ticket"), "bold"))
        if self.customer is not None:
            parts.append(" · " + clean_line(self.customer.name, 60))
            if self.customer.is_vip:
                parts.append((" VIP", "bold"))
        if self.call is not None:
            parts.append(" · " + _("call {caller}").format(caller=clean_line(self.call.caller,
                                                                                 40)))
        elif self.ticket is not None and self.ticket.call_ids:
            calls = ", ".join(f"#{call_id}" for call_id in self.ticket.call_ids[-3:])
            parts.append(" · " + _("calls {ids}").format(ids=calls))
        self.query_one("#ticket-header", Static).update(Content.assemble(*parts))

    def _render_entries(self) -> None:
        if not self.entries:
            text = Content.styled(_("No entries yet"), "dim")
        else:
            blocks = []
            for entry in self.entries:  # oldest first, as the backend lists them
                heading = Content.assemble(
                    (format_time(entry.created_at), "dim"), " ",
                    (clean_line(entry.author or _("system"), 40), "bold"), " ",
                    (_kind_label(entry.kind), "italic"))
                blocks.append(heading.append("\n").append(Content(clean(entry.body))))
            text = Content("\n").join(blocks)
        self.query_one("#ticket-entries-text", Static).update(text)
        self.query_one("#ticket-entries", VerticalScroll).scroll_end(animate=False)

    # ------------------------------------------------------------------------------ drafts
    def _draft_key(self) -> str | None:
        if self.ticket is not None:
            return f"ticket-{self.ticket.id}"
        if self.call is not None:
            return f"call-{self.call.id}"
        if self.customer_id is not None:
            return f"customer-{self.customer_id}"
        return None

    def _current_draft(self) -> Draft | None:
        if self._draft_key() is None:
            return None
        return Draft(
            ticket_id=self.ticket.id if self.ticket else None,
            call_id=self.call.id if self.call and self.ticket is None else None,
            customer_id=self.customer_id if self.ticket is None else None,
            base_version=self.base_version,
            operator=clean_line(self.operator, 40),
            fields=self.values(),
            base=dict(self.baseline),
            note=self.note_text,
        )

    def _restore_pending(self, key: str | None) -> None:
        if key is None:
            return
        draft = self.drafts.load(key)
        if draft is not None:
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
        self._remember()

    def on_ticket_form_changed(self, event: TicketForm.Changed) -> None:
        event.stop()
        self._schedule_draft()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._schedule_draft()

    def _schedule_draft(self) -> None:
        self._remember()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._write_draft_soon)

    def _write_draft_soon(self) -> None:
        self._draft_timer = None
        if not self.has_unsaved_changes():
            return
        draft = self._current_draft()
        if draft is None:
            return
        self._draft_seq += 1
        seq = self._draft_seq
        self.run_worker(lambda: self._write_draft(draft, seq), thread=True,
                        group="draft-write", exit_on_error=False)

    def _write_draft(self, draft: Draft, seq: int) -> None:
        with self._draft_lock:
            if seq <= self._draft_written:
                return  # a newer write (or a discard) already happened
            try:
                self.drafts.save(draft)
            except OSError as exc:
                self.app.call_from_thread(
                    self.notify, _("Could not save the draft: {why}").format(why=exc),
                    severity="warning", markup=False)
            self._draft_written = seq

    def flush_draft(self) -> None:
        """Write the draft now (leaving the ticket, unmounting): no debounce, no thread."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if not self.has_unsaved_changes():
            return
        draft = self._current_draft()
        if draft is None:
            return
        self._draft_seq += 1
        self._write_draft(draft, self._draft_seq)

    def _discard_draft(self, *keys: str | None) -> None:
        with self._draft_lock:
            self._draft_seq += 1
            self._draft_written = self._draft_seq  # drops writes still in flight
            for key in keys:
                if key is not None:
                    self.drafts.discard(key)

    def _leave_current(self) -> None:
        self.flush_draft()

    def on_unmount(self) -> None:
        self.flush_draft()

    # ------------------------------------------------------------------------------ actions
    def action_save(self) -> None:
        if self._draft_key() is None:
            self.notify(_("Open a ticket or a call first"), severity="warning", markup=False)
            return
        self._save()

    def action_escalate(self) -> None:
        if self.ticket is None:
            self.notify(_("Save the ticket before escalating it"), severity="warning",
                        markup=False)
            return
        self._escalate()

    def action_add_entry(self, kind: str) -> None:
        if self.ticket is None:
            self.action_save()  # a new ticket's note becomes its first entry
            return
        if not self.note_text.strip():
            self.notify(_("Write the note first"), severity="warning", markup=False)
            self.note_area.focus()
            return
        self._add_entry(EntryKind(kind))

    @work(exclusive=True, group="ticket-save", exit_on_error=False)
    async def _save(self) -> None:
        try:
            if self.ticket is None:
                await self._create()
            else:
                await self._update()
        except BackendError as error:
            report(self, error)

    async def _create(self) -> None:
        old_key = self._draft_key()
        note = self.note_text
        draft = to_draft(self.values(), customer_id=self.customer_id,
                         call_id=self.call.id if self.call else None,
                         body=note.strip() and note, author=self.operator)
        ticket = await self.backend.create_ticket(draft)
        self._discard_draft(old_key)
        await self._after_save(ticket)

    async def _update(self) -> None:
        assert self.ticket is not None
        ticket = self.ticket
        note = self.note_text
        changes = changed_fields(self.values(), self.baseline)
        version = self.base_version if self.base_version is not None else ticket.version
        if changes:
            model = to_changes(changes)
            try:
                ticket = await self.backend.update_ticket(ticket.id, version, model)
            except Conflict as conflict:
                resolved = await self._resolve_conflict(conflict)
                if resolved is None:
                    return
                ticket = resolved
        elif version != ticket.version:
            ticket = await self.backend.get_ticket(ticket.id)
        if note.strip():
            await self.backend.add_ticket_entry(ticket.id, TicketEntryDraft(
                kind=EntryKind.NOTE, author=self.operator, body=note))
        self._discard_draft(f"ticket-{ticket.id}")
        await self._after_save(ticket)

    async def _resolve_conflict(self, conflict: Conflict) -> Ticket | None:
        """Ask the operator until a version sticks; None when they went back to editing."""
        assert self.ticket is not None
        mine, base = self.values(), dict(self.baseline)
        for _attempt in range(5):
            theirs = conflict.current if isinstance(conflict.current, Ticket) else (
                await self.backend.get_ticket(self.ticket.id))
            resolution = await self.app.push_screen_wait(
                ConflictDialog(theirs, mine, base, self.note_text))
            if resolution is None:
                self.notify(_("Not saved: your changes are still here"), markup=False)
                return None
            pending = changed_fields(resolution.values, values_from_ticket(theirs))
            if not pending:
                return theirs
            try:
                return await self.backend.update_ticket(theirs.id, theirs.version,
                                                        to_changes(pending))
            except Conflict as again:
                # yet another save meanwhile: what I chose is now "mine" against that one
                conflict, mine, base = again, resolution.values, values_from_ticket(theirs)
        raise Conflict(_("the ticket keeps changing; try again in a moment"))

    async def _after_save(self, ticket: Ticket) -> None:
        entries = await self.backend.list_ticket_entries(ticket.id)
        self._set_context(ticket=ticket, call=self.call, customer=self.customer,
                          customer_id=ticket.customer_id)
        self.call = None  # the call is linked now; the draft key is the ticket from here on
        self._show(values_from_ticket(ticket), note="", entries=entries)
        # the host confirms the save (it gets Saved); the header now shows the reference
        self.post_message(self.Saved(ticket))

    @work(exclusive=True, group="ticket-save", exit_on_error=False)
    async def _escalate(self) -> None:
        assert self.ticket is not None
        ticket = self.ticket
        # the version my edits started from: if somebody saved meanwhile, escalating refuses
        version = self.base_version if self.base_version is not None else ticket.version
        try:
            escalated = await self.backend.escalate_ticket(ticket.id, version, self.operator)
            entries = await self.backend.list_ticket_entries(ticket.id)
        except BackendError as error:
            report(self, error)
            return
        # keep the operator's other unsaved edits; what escalating changed (tier, status)
        # moves on where the operator had not touched the field
        mine = changed_fields(self.values(), self.baseline)
        mine.pop("tier", None)
        self.ticket = escalated
        self.base_version = escalated.version
        self.baseline = values_from_ticket(escalated)
        self.form.set_values({**self.baseline, **mine})
        self._remember()
        self.entries = entries
        self._render_entries()
        self.notify(_("{ref} escalated to tier {tier}").format(ref=escalated.ref,
                                                               tier=escalated.tier),
                    markup=False)
        self.post_message(self.Saved(escalated))

    @work(exclusive=True, group="ticket-save", exit_on_error=False)
    async def _add_entry(self, kind: EntryKind) -> None:
        assert self.ticket is not None
        ticket_id = self.ticket.id
        note = self.note_text
        try:
            await self.backend.add_ticket_entry(ticket_id, TicketEntryDraft(
                kind=kind, author=self.operator, body=note))
            entries = await self.backend.list_ticket_entries(ticket_id)
        except BackendError as error:
            report(self, error)
            return
        if self.ticket is None or self.ticket.id != ticket_id:
            return  # the operator moved on meanwhile; the entry is stored anyway
        self.entries = entries
        self.note_area.load_text("")
        self._remember()
        self._render_entries()
        if not changed_fields(self.values(), self.baseline):
            self._discard_draft(f"ticket-{ticket_id}")
        self.post_message(self.Saved(self.ticket))


def _kind_label(kind: EntryKind) -> str:
    return {
        EntryKind.NOTE: _("note"),
        EntryKind.REPLY: _("reply"),
        EntryKind.CALL_LOG: _("call log"),
        EntryKind.SYSTEM: _("system"),
    }[kind]

