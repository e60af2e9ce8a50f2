"""The part of the rt backend that RT cannot do: handed to the local SQLite store.

Calls and transfers refer to customers and tickets, which live in RT; before the local store
records such a reference, a shadow row with the RT id is put there (backends.rt.local).
A call is matched to a customer by phone in RT, not in the local store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

from backends.errors import Invalid, NotFound, Unavailable
from backends.i18n import _
from backends.models import (
    Call,
    CallChanges,
    CallDraft,
    CallState,
    Channel,
    DirectoryEntry,
    Disposition,
    Event,
    Operator,
    Presence,
    Transfer,
    TransferDraft,
    TransferStatus,
)
from backends.rt.base import RtBase


class LocalDelegation(RtBase):
    async def _shadow_customer(self, customer_id: int) -> bool:
        """Mirror RT user `customer_id` locally; returns whether the customer is a VIP."""
        try:
            customer = await self.get_customer(customer_id)  # type: ignore[attr-defined]
        except NotFound:
            raise Invalid("customer_id", _("there is no customer {id}").format(
                id=customer_id)) from None
        await self.bridge.shadow_customer(customer)
        return bool(customer.is_vip)

    async def _shadow_tickets(self, ticket_ids: Iterable[int], field: str) -> None:
        for ticket_id in ticket_ids:
            try:
                ticket = await self.get_ticket(ticket_id)  # type: ignore[attr-defined]
            except NotFound:
                raise Invalid(field, _("there is no ticket {id}").format(id=ticket_id)) from None
            await self.bridge.shadow_ticket(ticket)

    # -- calls ------------------------------------------------------------------------------
    async def create_call(self, draft: CallDraft) -> Call:
        customer_id = draft.customer_id
        if customer_id is None and draft.channel in (Channel.VOICE, Channel.SMS):
            matches = await self.find_customers_by_phone(draft.caller)  # type: ignore[attr-defined]
            customer_id = matches[0].id if len(matches) == 1 else None
        vip = draft.vip
        if customer_id is not None:
            vip = await self._shadow_customer(customer_id) or vip
        return await self.local.create_call(draft.model_copy(update={
            "customer_id": customer_id, "vip": vip}))

    async def get_call(self, call_id: int) -> Call:
        return await self.local.get_call(call_id)

    async def list_calls(self, *, states: Sequence[CallState] | None = None,
                         customer_id: int | None = None, operator: str | None = None,
                         limit: int = 100) -> list[Call]:
        return await self.local.list_calls(states=states, customer_id=customer_id,
                                           operator=operator, limit=limit)

    async def claim_call(self, call_id: int | None, operator: str) -> Call:
        return await self.local.claim_call(call_id, operator)

    async def set_call_state(self, call_id: int, state: CallState, *,
                             operator: str | None = None,
                             disposition: str | None = None) -> Call:
        return await self.local.set_call_state(call_id, state, operator=operator,
                                               disposition=disposition)

    async def update_call(self, call_id: int, version: int, changes: CallChanges) -> Call:
        if changes.customer_id is not None:
            await self._shadow_customer(changes.customer_id)
        if changes.ticket_ids:
            await self._shadow_tickets(changes.ticket_ids, "ticket_ids")
        return await self.local.update_call(call_id, version, changes)

    async def answer_call(self, call_id: int | None, operator: str) -> Call:
        return await self.local.answer_call(call_id, operator)

    async def end_call(self, call_id: int, operator: str) -> Call:
        return await self.local.end_call(call_id, operator)

    async def finish_call(self, call_id: int, operator: str, disposition: str) -> Call:
        return await self.local.finish_call(call_id, operator, disposition)

    # -- operators, presence, directory, dispositions ----------------------------------------
    async def upsert_operator(self, operator: Operator) -> Operator:
        return await self.local.upsert_operator(operator)

    async def get_operator(self, name: str) -> Operator:
        return await self.local.get_operator(name)

    async def list_operators(self) -> list[Operator]:
        return await self.local.list_operators()

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None) -> Operator:
        return await self.local.set_presence(name, presence, reason)

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        return await self.local.list_directory(query)

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry:
        return await self.local.upsert_directory_entry(entry)

    async def set_directory_presence(self, entry_id: int, presence: Presence) -> DirectoryEntry:
        return await self.local.set_directory_presence(entry_id, presence)

    async def list_dispositions(self) -> list[Disposition]:
        return await self.local.list_dispositions()

    async def upsert_disposition(self, disposition: Disposition) -> Disposition:
        return await self.local.upsert_disposition(disposition)

    # -- transfers ---------------------------------------------------------------------------
    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        if draft.ticket_id is not None:
            await self._shadow_tickets([draft.ticket_id], "ticket_id")
        return await self.local.create_transfer(draft)

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        return await self.local.respond_transfer(transfer_id, accept, by)

    async def list_transfers(self, *, target: str | None = None,
                             status: TransferStatus | None = None, call_id: int | None = None,
                             limit: int = 50) -> list[Transfer]:
        return await self.local.list_transfers(target=target, status=status, call_id=call_id,
                                               limit=limit)

    # -- change feed: the local store's, which the poller and our writes append to -----------
    async def read_events(self, after_id: int = 0, limit: int = 500) -> list[Event]:
        return await self.local.read_events(after_id, limit)

    async def last_event_id(self) -> int:
        return await self.local.last_event_id()

    def events(self, after_id: int | None = None) -> AsyncIterator[Event]:
        return self.local.events(after_id)

    # -- bulk: RT has no bulk load; the local store's health is what can be checked ----------
    async def bulk_load(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        raise Unavailable(_("the rt backend has no bulk load; create records in RT"))

    async def integrity_check(self) -> list[str]:
        return await self.local.integrity_check()
