"""Announced (warm) transfers offered to this operator: each is shown once in a dialog, and the
answer goes back to the store; an accepted call becomes the call in hand. A dialog whose offer
no longer waits (timed out, taken back, its call ended) closes by itself: any transfer event,
or an event of the offered call, looks again (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from backends.calls.api import Calls
from backends.errors import BackendError, Unavailable
from backends.i18n import _
from backends.models import Event, Presence, Transfer, TransferKind, TransferStatus
from backends.people.api import People
from backends.sanitize import clean_line
from backends.tickets.api import Tickets
from backends.transfers.api import Transfers
from screens.common.desk import MY_CALL_STATES, Desk, DeskView

if TYPE_CHECKING:
    from screens.transfers.transfer_offer import TransferOfferDialog

RETRY_AFTER = 8.0  # seconds; an offer still waits for its answer while the store is away
RECHECK = 3.0  # seconds; while an offer's dialog is open, whether the offer still waits


class TransferOffers:
    def __init__(self, desk: Desk, view: DeskView, *, transfers: Transfers, calls: Calls,
                 tickets: Tickets, people: People,
                 pop_customer: Callable[[], Awaitable[None]]) -> None:
        """`pop_customer()`: show who is calling once an accepted call is in hand."""
        self.desk = desk
        self.view = view
        self.transfers = transfers
        self.calls = calls
        self.tickets = tickets
        self.people = people
        self._pop_customer = pop_customer
        self._offered: set[int] = set()
        self._offering: set[int] = set()
        self._retry_pending = False
        self._shown: dict[int, TransferOfferDialog] = {}  # offers whose dialog is open
        self._recheck_pending = False

    def on_event(self, event: Event) -> None:
        """From the live feed: a transfer changed, or a call one of my offers is for."""
        if event.subject_type == "transfer" or (
                event.subject_type == "call" and any(
                    dialog.transfer.call_id == event.subject_id
                    for dialog in self._shown.values())):
            self.check()

    def check(self) -> None:
        """Not exclusive: a newer event must not cancel a check half-way through an offer."""
        self.view.launch(self._check, "transfers")

    async def _check(self) -> None:
        """An id counts as offered only once its dialog is pushed; while it is being loaded it
        is in `_offering`, so two checks at once do not show it twice."""
        from screens.transfers.transfer_offer import TransferOfferDialog

        try:
            offers = await self.transfers.list_transfers(target=self.desk.operator_name,
                                                         status=TransferStatus.OFFERED)
        except BackendError as exc:
            self._failed(exc)
            return
        waiting = {transfer.id for transfer in offers}
        for transfer_id, dialog in list(self._shown.items()):
            if transfer_id not in waiting:
                del self._shown[transfer_id]
                dialog.withdraw()
                self.view.say(_("The call {who} offered you is no longer waiting.").format(
                    who=clean_line(dialog.transfer.from_operator, 40)), warning=True)
        for transfer in offers:
            if (transfer.id in self._offered or transfer.id in self._offering
                    or transfer.kind in (TransferKind.BLIND, TransferKind.QUEUE)):
                continue
            self._offering.add(transfer.id)
            try:
                call = await self.calls.get_call(transfer.call_id)
                ticket = (await self.tickets.get_ticket(transfer.ticket_id)
                          if transfer.ticket_id else None)
            except BackendError as exc:
                self._failed(exc)
                continue
            finally:
                self._offering.discard(transfer.id)
            dialog = TransferOfferDialog(transfer, call, ticket)
            self._shown[transfer.id] = dialog
            self.view.offer(dialog, partial(self.respond, transfer))
            self._offered.add(transfer.id)
        if self._shown and not self._recheck_pending:
            # an offer times out in the store even if nobody else looks: look again
            self._recheck_pending = True
            self.view.later(RECHECK, self._recheck)

    def _recheck(self) -> None:
        self._recheck_pending = False
        if self._shown:
            self.check()

    def _failed(self, exc: BackendError) -> None:
        """Say so; when the store is only unreachable, look again a little later (the offer is
        still waiting for an answer). Any later transfer event looks again too."""
        self.view.report(exc, _("Transfer"))
        if isinstance(exc, Unavailable) and not self._retry_pending:
            self._retry_pending = True
            self.view.later(RETRY_AFTER, self._retry)

    def _retry(self) -> None:
        self._retry_pending = False
        self.check()

    def respond(self, transfer: Transfer, accept: bool | None) -> None:
        """`accept` None: the dialog closed because the offer was withdrawn."""
        self._shown.pop(transfer.id, None)
        if accept is not None:
            self.view.launch(partial(self._respond, transfer, accept), "call")

    async def _respond(self, transfer: Transfer, accept: bool) -> None:
        desk = self.desk
        try:
            await self.transfers.respond_transfer(transfer.id, accept, desk.operator_name)
            if accept:
                mine = await self.calls.list_calls(operator=desk.operator_name,
                                                   states=MY_CALL_STATES, limit=5)
                if mine:
                    desk.call = mine[0]
                    desk.operator = await self.people.set_presence(desk.operator_name,
                                                                   Presence.ON_CALL)
                    self.view.state_changed()
                    await self._pop_customer()
        except BackendError as exc:
            self.view.report(exc, _("Transfer"))
        self.view.state_changed()
