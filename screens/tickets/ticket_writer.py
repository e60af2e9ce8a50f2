"""What the ticket editor does with the store: save (create or update, with the conflict
dialog when somebody saved meanwhile), escalate, add notes and replies
(docs/ARCHITECTURE.md, "screens/"). An object apart from the editor widget: it gets the
`Tickets` interface and talks to the editor through `TicketEditorView`; every write runs in a
worker of the editor and every BackendError becomes a notification.

One write at a time: the write workers are not exclusive (cancelling one does not undo a write
the backend already received), so a save, escalation or entry key pressed while another
write runs is ignored instead (`_writing`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Protocol, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import TextArea

from backends.calls.models import Call
from backends.customers.models import Customer
from backends.errors import BackendError, Conflict, invalid_from_validation
from backends.i18n import _
from backends.tickets.api import Tickets
from backends.tickets.inputs import TicketChanges, TicketEntryDraft
from backends.tickets.models import EntryKind, Ticket, TicketEntry
from screens.common.render import notify_error
from screens.tickets.conflict_dialog import ConflictDialog
from screens.tickets.ticket_form import (
    FormValues,
    TicketForm,
    changed_fields,
    to_changes,
    to_draft,
    values_from_ticket,
)

ResultT = TypeVar("ResultT")


class TicketEditorView(Protocol):
    """The editor's state and view, as saving uses them (TicketEditor implements it)."""

    operator: str
    ticket: Ticket | None
    call: Call | None
    customer: Customer | None
    customer_id: int | None
    baseline: FormValues  # the form as stored: a field differing from it is unsaved
    base_version: int | None  # the version the edits started from
    entries: list[TicketEntry]

    @property
    def form(self) -> TicketForm: ...

    @property
    def note_area(self) -> TextArea: ...

    @property
    def note_text(self) -> str: ...

    def values(self) -> FormValues: ...

    def draft_key(self) -> str | None: ...

    def discard_draft(self, *keys: str | None) -> None: ...

    def remember(self) -> None: ...

    def set_context(self, *, ticket: Ticket | None, call: Call | None,
                    customer: Customer | None, customer_id: int | None) -> None: ...

    def show(self, values: FormValues, *, note: str, entries: list[TicketEntry]) -> None: ...

    def render_entries(self) -> None: ...

    def saved(self, ticket: Ticket) -> None:
        """Tell the host (the editor posts TicketEditor.Saved)."""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    async def ask(self, dialog: Screen[ResultT]) -> ResultT: ...

    def launch(self, work: Callable[[], Awaitable[None]], group: str) -> None: ...


class TicketWriter:
    def __init__(self, editor: TicketEditorView, tickets: Tickets) -> None:
        self.editor = editor
        self.tickets = tickets
        self._writing = False  # a save, escalation or entry is on its way to the backend

    def _start_write(self) -> bool:
        """Claim the single write slot; False (the key is ignored) while a write runs."""
        if self._writing:
            return False
        self._writing = True
        return True

    def _end_write(self) -> None:
        self._writing = False

    def save(self) -> None:
        if self._writing:
            return
        if self.editor.draft_key() is None:
            self.editor.notify(_("Open a ticket or a call first"), severity="warning",
                               markup=False)
            return
        if self._start_write():
            self.editor.launch(self._save, "ticket-write")

    def escalate(self) -> None:
        if self._writing:
            return
        if self.editor.ticket is None:
            self.editor.notify(_("Save the ticket before escalating it"), severity="warning",
                               markup=False)
            return
        if self._start_write():
            self.editor.launch(self._escalate, "ticket-write")

    def add_entry(self, kind: str) -> None:
        if self._writing:
            return
        if self.editor.ticket is None:
            self.save()  # a new ticket's note becomes its first entry
            return
        if not self.editor.note_text.strip():
            self.editor.notify(_("Write the note first"), severity="warning", markup=False)
            self.editor.note_area.focus()
            return
        if self._start_write():
            self.editor.launch(partial(self._add_entry, EntryKind(kind)), "ticket-write")

    async def _save(self) -> None:
        try:
            if self.editor.ticket is None:
                await self._create()
            else:
                await self._update()
        except BackendError as error:
            notify_error(self.editor, error.message)
        except ValueError as exc:  # a model refused the input (e.g. a note over 100,000 chars)
            notify_error(self.editor, invalid_from_validation(exc).message)
        finally:
            self._end_write()

    async def _create(self) -> None:
        old_key = self.editor.draft_key()
        note = self.editor.note_text
        draft = to_draft(self.editor.values(), customer_id=self.editor.customer_id,
                         call_id=self.editor.call.id if self.editor.call else None,
                         body=note.strip() and note, author=self.editor.operator)
        ticket = await self.tickets.create_ticket(draft)
        self.editor.discard_draft(old_key)
        await self._after_save(ticket)

    async def _update(self) -> None:
        """The changed fields and the note, as one `save_ticket`: stored together or not at
        all, so a refused note or a dropped connection never leaves the fields saved alone."""
        assert self.editor.ticket is not None
        ticket = self.editor.ticket
        note = self._typed_note()  # a note the model refuses stops the save before any write
        changes = changed_fields(self.editor.values(), self.editor.baseline)
        version = base if (base := self.editor.base_version) is not None else ticket.version
        try:
            # no changed field: the version is not checked, only the note is added
            ticket, entries = await self.tickets.save_ticket(
                ticket.id, version, to_changes(changes) if changes else TicketChanges(), note)
        except Conflict as conflict:
            saved = await self._resolve_conflict(conflict, note)
            if saved is None:
                return
            ticket, entries = saved
        self.editor.discard_draft(f"ticket-{ticket.id}")
        self._show_saved(ticket, entries)

    def _typed_note(self) -> TicketEntryDraft | None:
        """The note as an entry of kind note, None when it is blank (nothing to add)."""
        note = self.editor.note_text
        if not note.strip():
            return None
        return TicketEntryDraft(kind=EntryKind.NOTE, author=self.editor.operator, body=note)

    async def _resolve_conflict(self, conflict: Conflict, note: TicketEntryDraft | None,
                                ) -> tuple[Ticket, list[TicketEntry]] | None:
        """Ask the operator until a version sticks, then save it with the note; None when
        they went back to editing (then nothing is written)."""
        assert self.editor.ticket is not None
        mine, base = self.editor.values(), dict(self.editor.baseline)
        for _attempt in range(5):
            theirs = conflict.current if isinstance(conflict.current, Ticket) else (
                await self.tickets.get_ticket(self.editor.ticket.id))
            resolution = await self.editor.ask(
                ConflictDialog(theirs, mine, base, self.editor.note_text))
            if resolution is None:
                self.editor.notify(_("Not saved: your changes are still here"), markup=False)
                return None
            pending = changed_fields(resolution.values, values_from_ticket(theirs))
            try:
                # theirs kept as it is: no field to check, the note is added in every case
                return await self.tickets.save_ticket(
                    theirs.id, theirs.version,
                    to_changes(pending) if pending else TicketChanges(), note)
            except Conflict as again:
                # yet another save meanwhile: what I chose is now "mine" against that one
                conflict, mine, base = again, resolution.values, values_from_ticket(theirs)
        raise Conflict(_("the ticket keeps changing; try again in a moment"))

    async def _after_save(self, ticket: Ticket) -> None:
        self._show_saved(ticket, await self.tickets.list_ticket_entries(ticket.id))

    def _show_saved(self, ticket: Ticket, entries: list[TicketEntry]) -> None:
        editor = self.editor
        editor.set_context(ticket=ticket, call=editor.call, customer=editor.customer,
                           customer_id=ticket.customer_id)
        editor.call = None  # the call is linked now; the draft key is the ticket from here on
        self.editor.show(values_from_ticket(ticket), note="", entries=entries)
        # the host confirms the save (it gets Saved); the header now shows the reference
        self.editor.saved(ticket)

    async def _escalate(self) -> None:
        try:
            await self._escalate_now()
        finally:
            self._end_write()

    async def _escalate_now(self) -> None:
        assert self.editor.ticket is not None
        ticket = self.editor.ticket
        # the version my edits started from: if somebody saved meanwhile, escalating refuses
        version = base if (base := self.editor.base_version) is not None else ticket.version
        try:
            escalated = await self.tickets.escalate_ticket(ticket.id, version,
                                                           self.editor.operator)
            entries = await self.tickets.list_ticket_entries(ticket.id)
        except BackendError as error:
            notify_error(self.editor, error.message)
            return
        # keep the operator's other unsaved edits; what escalating changed (tier, status)
        # moves on where the operator had not touched the field
        mine = changed_fields(self.editor.values(), self.editor.baseline)
        mine.pop("tier", None)
        self.editor.ticket = escalated
        self.editor.base_version = escalated.version
        self.editor.baseline = values_from_ticket(escalated)
        self.editor.form.set_values({**self.editor.baseline, **mine})
        self.editor.remember()
        self.editor.entries = entries
        self.editor.render_entries()
        self.editor.notify(_("{ref} escalated to tier {tier}").format(
            ref=escalated.ref, tier=escalated.tier), markup=False)
        self.editor.saved(escalated)

    async def _add_entry(self, kind: EntryKind) -> None:
        try:
            await self._add_entry_now(kind)
        finally:
            self._end_write()

    async def _add_entry_now(self, kind: EntryKind) -> None:
        assert self.editor.ticket is not None
        ticket_id = self.editor.ticket.id
        note = self.editor.note_text
        try:
            await self.tickets.add_ticket_entry(ticket_id, TicketEntryDraft(
                kind=kind, author=self.editor.operator, body=note))
            entries = await self.tickets.list_ticket_entries(ticket_id)
        except BackendError as error:
            notify_error(self.editor, error.message)
            return
        except ValueError as exc:  # a model refused the input (e.g. a note over 100,000 chars)
            notify_error(self.editor, invalid_from_validation(exc).message)
            return
        if self.editor.ticket is None or self.editor.ticket.id != ticket_id:
            return  # the operator moved on meanwhile; the entry is stored anyway
        self.editor.entries = entries
        self.editor.note_area.load_text("")
        self.editor.remember()
        self.editor.render_entries()
        if not changed_fields(self.editor.values(), self.editor.baseline):
            self.editor.discard_draft(f"ticket-{ticket_id}")
        self.editor.saved(self.editor.ticket)

