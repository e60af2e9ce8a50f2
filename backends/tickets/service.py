"""The tickets use cases over a `TicketsStorage`: the rules of backends/tickets/rules.py run
here, once, for every store (docs/ARCHITECTURE.md). Each use case that writes is one storage
transaction, its events included."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.revalidation import revalidate
from backends.tickets import rules
from backends.tickets.models import EntryKind, Ticket, TicketEntry, TicketStatus

if TYPE_CHECKING:  # the Protocols type the service; a store never needs them at run time
    from backends.tickets.inputs import TicketChanges, TicketDraft, TicketEntryDraft
    from backends.tickets.storage import TicketsStorage, TicketsWriter


def current_at(tx: TicketsWriter, ticket_id: int, version: int) -> Ticket:
    """The stored ticket, or Conflict carrying it when `version` is stale."""
    current = tx.get_ticket(ticket_id)
    if current.version != version:
        raise Conflict(_("ticket {ref} was changed by someone else (version {v})").format(
            ref=current.ref, v=current.version), current=current)
    return current


def store_edit(tx: TicketsWriter, ticket_id: int, version: int,
               fields: dict[str, object]) -> None:
    if not tx.update_if_version(ticket_id, version, fields):
        raise Conflict(_("ticket {id} was changed by someone else").format(id=ticket_id),
                       current=tx.get_ticket(ticket_id))


def check_customer(tx: TicketsWriter, customer_id: int | None) -> None:
    if customer_id is not None and not tx.customer_exists(customer_id):
        raise Invalid("customer_id", _("there is no customer {id}").format(id=customer_id))


def edit(tx: TicketsWriter, ticket_id: int, version: int, changes: dict[str, Any]) -> Ticket:
    """The edit of a ticket's fields, conditionally on its version."""
    current_at(tx, ticket_id, version)
    if "customer_id" in changes:
        check_customer(tx, changes["customer_id"])
    store_edit(tx, ticket_id, version, rules.edited_fields(changes))
    tx.append_event("ticket.updated", f"ticket:{ticket_id}", {"fields": sorted(changes)})
    return tx.get_ticket(ticket_id)


def add_entry(tx: TicketsWriter, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
    tx.get_ticket(ticket_id)  # NotFound when there is no such ticket
    stored = tx.insert_entry(ticket_id, entry.kind, entry.author, entry.body)
    tx.touch(ticket_id)  # touched but not edited: no version bump, no stale editors
    tx.append_event("ticket.entry", f"ticket:{ticket_id}",
                    {"entry_id": stored.id, "kind": entry.kind.value})
    return stored


class TicketsService:
    """The `Tickets` interface (backends/tickets/api.py) over a `TicketsStorage`."""

    def __init__(self, storage: TicketsStorage) -> None:
        self.storage = storage

    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        draft = revalidate(draft)

        def write(tx: TicketsWriter) -> Ticket:
            check_customer(tx, draft.customer_id)
            if draft.call_id is not None and not tx.call_exists(draft.call_id):
                raise Invalid("call_id", _("there is no call {id}").format(id=draft.call_id))
            ticket_id = tx.insert_ticket(draft.model_dump(
                include={"customer_id", "subject", "category", "priority", "status", "tier",
                         "assignee", "due_at", "tags"}))
            if draft.body.strip():
                tx.insert_entry(ticket_id, EntryKind.NOTE, draft.author, draft.body)
            if draft.call_id is not None:
                tx.link_call(draft.call_id, ticket_id)
            tx.append_event("ticket.created", f"ticket:{ticket_id}",
                            {"customer_id": draft.customer_id, "call_id": draft.call_id})
            return tx.get_ticket(ticket_id)

        return await self.storage.write(write)

    async def get_ticket(self, ticket_id: int) -> Ticket:
        return await self.storage.get_ticket(ticket_id)

    async def update_ticket(self, ticket_id: int, version: int, changes: TicketChanges) -> Ticket:
        changes = revalidate(changes)
        fields = {name: getattr(changes, name) for name in changes.model_fields_set}
        return await self.storage.write(lambda tx: edit(tx, ticket_id, version, fields))

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        def write(tx: TicketsWriter) -> Ticket:
            current = current_at(tx, ticket_id, version)
            tier = rules.next_tier(current)
            fields: dict[str, object] = {"tier": tier}
            status = rules.status_after_escalation(current)
            if status is not None:
                fields["status"] = status
            store_edit(tx, ticket_id, version, fields)
            line = _("Escalated to tier {tier}").format(tier=tier)
            if reason.strip():
                line = f"{line}: {reason.strip()}"
            tx.insert_entry(ticket_id, EntryKind.SYSTEM, author, line)
            tx.append_event("ticket.escalated", f"ticket:{ticket_id}",
                            {"tier": tier, "by": author})
            return tx.get_ticket(ticket_id)

        return await self.storage.write(write)

    async def list_tickets(self, *, customer_id: int | None = None,
                           statuses: Sequence[TicketStatus] | None = None,
                           assignee: str | None = None, limit: int = 50) -> list[Ticket]:
        return await self.storage.list_tickets(
            customer_id=customer_id, statuses=[TicketStatus(s) for s in statuses or ()],
            assignee=assignee, limit=max(0, int(limit)))

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        if not query or not query.strip():
            return []
        return await self.storage.search_tickets(query, limit)

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
        entry = revalidate(entry)
        return await self.storage.write(lambda tx: add_entry(tx, ticket_id, entry))

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        return await self.storage.list_entries(ticket_id)

    async def save_ticket(self, ticket_id: int, version: int, changes: TicketChanges,
                          note: TicketEntryDraft | None = None) -> tuple[Ticket, list[TicketEntry]]:
        """The changes (when any field is set: stale `version` → Conflict, nothing written)
        and the note (when it has text), in one transaction."""
        changes = revalidate(changes)
        fields = {name: getattr(changes, name) for name in changes.model_fields_set}
        note = revalidate(note) if note is not None and note.body.strip() else None

        def write(tx: TicketsWriter) -> tuple[Ticket, list[TicketEntry]]:
            ticket = edit(tx, ticket_id, version, fields) if fields else tx.get_ticket(ticket_id)
            if note is not None:
                add_entry(tx, ticket_id, note)
                ticket = tx.get_ticket(ticket_id)  # the note touched updated_at
            return ticket, tx.entries(ticket_id)

        return await self.storage.write(write)
