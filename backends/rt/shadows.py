"""Local stand-ins for RT records that the local store's calls and transfers refer to.

The local schema links calls and transfers to customers and tickets by foreign key; RT owns
those, so before the local store records such a reference, a shadow row with the RT id is put
there (backends.rt.local). A new call is matched to a customer by phone in RT, not in the local
store. This is what the rt backend composes with the local store's calls and transfers
(docs/ARCHITECTURE.md): `RtReferences` for the calls service, `ShadowingTransfers` around the
local transfers.
"""

from __future__ import annotations

from collections.abc import Iterable

from backends.calls.inputs import CallChanges, CallDraft
from backends.calls.models import Channel
from backends.customers.api import Customers
from backends.errors import Invalid, NotFound
from backends.i18n import _
from backends.rt.local import LocalBridge
from backends.tickets.api import Tickets
from backends.transfers.api import Transfers
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import Transfer


class RtReferences:
    """`CallReferences` (backends/calls/references.py) for customers and tickets in RT."""

    def __init__(self, customers: Customers, tickets: Tickets, bridge: LocalBridge) -> None:
        self.customers = customers
        self.tickets = tickets
        self.bridge = bridge

    async def shadow_customer(self, customer_id: int) -> bool:
        """Mirror RT user `customer_id` locally; returns whether the customer is a VIP."""
        try:
            customer = await self.customers.get_customer(customer_id)
        except NotFound:
            raise Invalid("customer_id", _("there is no customer {id}").format(
                id=customer_id)) from None
        await self.bridge.shadow_customer(customer)
        return bool(customer.is_vip)

    async def shadow_tickets(self, ticket_ids: Iterable[int], field: str) -> None:
        for ticket_id in ticket_ids:
            try:
                ticket = await self.tickets.get_ticket(ticket_id)
            except NotFound:
                raise Invalid(field, _("there is no ticket {id}").format(id=ticket_id)) from None
            await self.bridge.shadow_ticket(ticket)

    async def new_call(self, draft: CallDraft) -> CallDraft:
        customer_id = draft.customer_id
        if customer_id is None and draft.channel in (Channel.VOICE, Channel.SMS):
            matches = await self.customers.find_customers_by_phone(draft.caller)
            customer_id = matches[0].id if len(matches) == 1 else None
        vip = draft.vip
        if customer_id is not None:
            vip = await self.shadow_customer(customer_id) or vip
        return draft.model_copy(update={"customer_id": customer_id, "vip": vip})

    async def call_changes(self, changes: CallChanges) -> None:
        if changes.customer_id is not None:
            await self.shadow_customer(changes.customer_id)
        if changes.ticket_ids:
            await self.shadow_tickets(changes.ticket_ids, "ticket_ids")


class ShadowingTransfers:
    """The local store's transfers; a transfer naming an RT ticket shadows it first."""

    def __init__(self, local: Transfers, references: RtReferences) -> None:
        self.local = local
        self.references = references
        # reading and answering name no RT record: the local store's own methods
        self.respond_transfer = local.respond_transfer
        self.cancel_transfer = local.cancel_transfer
        self.list_transfers = local.list_transfers

    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        if draft.ticket_id is not None:
            await self.references.shadow_tickets([draft.ticket_id], "ticket_id")
        return await self.local.create_transfer(draft)

