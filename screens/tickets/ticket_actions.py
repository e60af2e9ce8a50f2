"""What the ticket editor does with the backend: save (create or update, with the conflict
dialog when somebody saved meanwhile), escalate, add notes and replies. A mixin of
TicketEditor, kept apart so each file has one purpose; every call runs in a worker and every
BackendError becomes a notification.
"""

from __future__ import annotations

from typing import Any

from textual import work

from backends.errors import BackendError, Conflict, invalid_from_validation
from backends.i18n import _
from backends.models import EntryKind, Ticket, TicketEntryDraft
from screens.common.render import notify_error
from screens.tickets.conflict_dialog import ConflictDialog
from screens.tickets.ticket_form import changed_fields, to_changes, to_draft, values_from_ticket


class TicketActions:
    """Mixed into TicketEditor (a Widget), whose state and view methods it uses: `backend`,
    `operator`, `ticket`, `call`, `customer_id`, `baseline`, `base_version`, `entries`,
    `values()`, `note_text`, `_show()`, `_set_context()`, `_discard_draft()`, …

    One write at a time: the write workers are not exclusive (cancelling one does not undo a
    write the backend already received), so a save, escalation or entry key pressed while
    another write runs is ignored instead (`_writing`)."""

    backend: Any
    operator: str
    ticket: Ticket | None
    call: Any
    customer: Any
    customer_id: int | None
    baseline: dict[str, str]
    base_version: int | None
    entries: list[Any]
    _writing: bool = False  # a save, escalation or entry is on its way to the backend

    def _start_write(self) -> bool:
        """Claim the single write slot; False (the key is ignored) while a write runs."""
        if self._writing:
            return False
        self._writing = True
        return True

    def _end_write(self) -> None:
        self._writing = False

    def action_save(self) -> None:
        if self._writing:
            return
        if self._draft_key() is None:
            self.notify(_("Open a ticket or a call first"), severity="warning", markup=False)
            return
        if self._start_write():
            self._save()

    def action_escalate(self) -> None:
        if self._writing:
            return
        if self.ticket is None:
            self.notify(_("Save the ticket before escalating it"), severity="warning",
                        markup=False)
            return
        if self._start_write():
            self._escalate()

    def action_add_entry(self, kind: str) -> None:
        if self._writing:
            return
        if self.ticket is None:
            self.action_save()  # a new ticket's note becomes its first entry
            return
        if not self.note_text.strip():
            self.notify(_("Write the note first"), severity="warning", markup=False)
            self.note_area.focus()
            return
        if self._start_write():
            self._add_entry(EntryKind(kind))

    @work(group="ticket-write", exit_on_error=False)
    async def _save(self) -> None:
        try:
            if self.ticket is None:
                await self._create()
            else:
                await self._update()
        except BackendError as error:
            notify_error(self, error.message)
        except ValueError as exc:  # a model refused the input (e.g. a note over 100,000 chars)
            notify_error(self, invalid_from_validation(exc).message)
        finally:
            self._end_write()

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
            self._stored(ticket)
        elif version != ticket.version:
            ticket = await self.backend.get_ticket(ticket.id)
        if note.strip():
            await self.backend.add_ticket_entry(ticket.id, TicketEntryDraft(
                kind=EntryKind.NOTE, author=self.operator, body=note))
        self._discard_draft(f"ticket-{ticket.id}")
        await self._after_save(ticket)

    def _stored(self, ticket: Ticket) -> None:
        """The fields reached the backend: from now on edits start from that version, even if
        adding the note fails next (else the next save would conflict with my own change)."""
        if self.ticket is None or self.ticket.id != ticket.id:
            return
        self.ticket = ticket
        self.base_version = ticket.version
        self.baseline = values_from_ticket(ticket)

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

    @work(group="ticket-write", exit_on_error=False)
    async def _escalate(self) -> None:
        try:
            await self._escalate_now()
        finally:
            self._end_write()

    async def _escalate_now(self) -> None:
        assert self.ticket is not None
        ticket = self.ticket
        # the version my edits started from: if somebody saved meanwhile, escalating refuses
        version = self.base_version if self.base_version is not None else ticket.version
        try:
            escalated = await self.backend.escalate_ticket(ticket.id, version, self.operator)
            entries = await self.backend.list_ticket_entries(ticket.id)
        except BackendError as error:
            notify_error(self, error.message)
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

    @work(group="ticket-write", exit_on_error=False)
    async def _add_entry(self, kind: EntryKind) -> None:
        try:
            await self._add_entry_now(kind)
        finally:
            self._end_write()

    async def _add_entry_now(self, kind: EntryKind) -> None:
        assert self.ticket is not None
        ticket_id = self.ticket.id
        note = self.note_text
        try:
            await self.backend.add_ticket_entry(ticket_id, TicketEntryDraft(
                kind=kind, author=self.operator, body=note))
            entries = await self.backend.list_ticket_entries(ticket_id)
        except BackendError as error:
            notify_error(self, error.message)
            return
        except ValueError as exc:  # a model refused the input (e.g. a note over 100,000 chars)
            notify_error(self, invalid_from_validation(exc).message)
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

