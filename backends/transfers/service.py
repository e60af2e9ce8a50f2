"""The transfers use cases over a `TransfersStorage` (docs/ARCHITECTURE.md): the rules of
backends/transfers/rules.py run here, once, for every store.

Completing a transfer ends the old call (→ transferred) and puts a NEW call in the target's
queue (for a person, the queue is named after them) carrying the caller, the customer, the
handover note and the tickets. On an accepted warm transfer the accepter gets that call at
once (active). Each use case is one storage transaction.

An offer that waits for an answer lapses (backends/transfers/rules.py: timed out, or withdrawn
when its call ended) without anybody answering it. No clock runs in the store: every use case
first records the lapses due by now (`_lapse`, one read when nothing lapsed), so a lapsed offer
is never listed as offered nor answered, on any backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends.calls.models import CallState
from backends.calls.steps import follow_presence
from backends.checks import utcnow
from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.people.steps import not_taking_calls
from backends.revalidation import revalidate
from backends.transfers import rules
from backends.transfers.models import Transfer, TransferKind, TransferStatus

if TYPE_CHECKING:  # the Protocols type the service; a store never needs them at run time
    from backends.transfers.inputs import TransferDraft
    from backends.transfers.storage import TransfersStorage, TransfersWriter


def complete(tx: TransfersWriter, transfer: Transfer, accepter: str | None) -> int:
    """End the old call and queue (or hand over) the new one; return the new call's id."""
    old = tx.get_call(transfer.call_id)
    rules.check_transferable(old)
    if not tx.update_call_if_state(old.id, old.state, {
            "state": CallState.TRANSFERRED, "ended_at": old.ended_at or tx.now,
            "disposition": "TRANSFERRED" if old.disposition is None else old.disposition}):
        raise Conflict(_("call {id} changed meanwhile").format(id=old.id),
                       current=tx.get_call(old.id))
    tx.append_event("call.state", f"call:{old.id}",
                    {"from": old.state.value, "to": "transferred", "transfer_id": transfer.id})
    follow_presence(tx.calls_writer, old.operator, CallState.TRANSFERRED)
    state = CallState.ACTIVE if accepter else CallState.WAITING
    # a department's or queue's caller waits in the directory's queue for it (one list of
    # queues: "sales" for the Sales department, never a queue named "Sales" beside it)
    queue = (None if accepter else tx.queue_for(transfer.target)) or transfer.target[:60]
    new_id = tx.insert_call({
        "channel": old.channel, "direction": old.direction, "caller": old.caller,
        "customer_id": old.customer_id, "queue": queue,
        "priority": old.priority, "vip": old.vip, "state": state, "arrived_at": tx.now,
        "answered_at": tx.now if accepter else None, "operator": accepter,
        "notes": old.notes, "handover_note": transfer.note or None, "version": 1},
        rules.tickets_carried(old, transfer))
    tx.append_event("call.created", f"call:{new_id}",
                    {"queue": queue, "from_call": old.id, "transfer_id": transfer.id,
                     "operator": accepter})
    if accepter:
        follow_presence(tx.calls_writer, accepter, CallState.ACTIVE)
    tx.record_new_call(transfer.id, new_id)
    return new_id


LAPSE_BATCH = 200  # offers looked at per use case; fewer are ever waiting at once


def record_lapses(tx: TransfersWriter) -> None:
    """Mark every waiting offer that has lapsed by now, each with its event."""
    for transfer in tx.offered_transfers(LAPSE_BATCH):
        status = rules.lapsed(transfer, tx.get_call(transfer.call_id).state, tx.now)
        if status is not None and tx.answer_if_offered(transfer.id, status, None):
            tx.append_event(f"transfer.{status.value}", f"transfer:{transfer.id}",
                            {"call_id": transfer.call_id, "by": None})


def reachable_target(tx: TransfersWriter, draft: TransferDraft) -> str:
    """The target an offer goes to: the draft's, unless it is offline or paused; then, for an
    escalation, the longest-free supervisor; else Invalid with the reason. Away or
    do-not-disturb targets and departments outside their hours refuse every kind but an
    escalation, which looks for another supervisor as for offline ones."""
    if draft.kind is not TransferKind.ESCALATION:  # an escalation finds another supervisor
        taking = not_taking_calls(draft.target, tx.target_of(draft.target), tx.now)
        if taking is not None:
            raise rules.refuse_not_taking(taking)
    if not rules.waits_for_answer(draft.kind):
        return draft.target
    reason = rules.unreachable_reason(draft.target, tx.presence_of(draft.target))
    if reason is None:
        return draft.target
    if draft.kind is TransferKind.ESCALATION:
        for name in tx.free_supervisors():
            if name not in (draft.from_operator, draft.target):
                return name
    raise rules.refuse_unreachable(reason, draft.kind)


class TransfersService:
    """The `Transfers` interface (backends/transfers/api.py) over a `TransfersStorage`."""

    def __init__(self, storage: TransfersStorage) -> None:
        self.storage = storage

    async def _lapse(self) -> None:
        """Record the offers lapsed by now: a read, and a write only when some did."""
        now = utcnow()
        waiting = await self.storage.waiting_offers(LAPSE_BATCH)
        if any(rules.lapsed(transfer, state, now) for transfer, state in waiting):
            await self.storage.write(record_lapses)

    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        draft = revalidate(draft)
        await self._lapse()  # an offer that lapsed no longer holds the call

        def write(tx: TransfersWriter) -> Transfer:
            call = tx.get_call(draft.call_id)
            rules.check_may_transfer(call, draft.from_operator, tx.role_of(draft.from_operator))
            rules.check_transferable(call)
            if draft.ticket_id is not None and not tx.ticket_exists(draft.ticket_id):
                raise Invalid("ticket_id", _("there is no ticket {id}").format(id=draft.ticket_id))
            pending = tx.offered_for_call(draft.call_id)
            if pending is not None:
                raise Conflict(_("call {id} already has a transfer waiting for an answer").format(
                    id=draft.call_id), current=tx.get_transfer(pending))
            immediate = draft.kind in rules.IMMEDIATE
            status = TransferStatus.ACCEPTED if immediate else TransferStatus.OFFERED
            target = reachable_target(tx, draft)
            transfer_id = tx.insert_transfer({
                **draft.model_dump(), "target": target, "status": status, "created_at": tx.now,
                "responded_at": tx.now if immediate else None,
                "timeout_seconds": None if immediate else (
                    draft.timeout_seconds or rules.DEFAULT_OFFER_TIMEOUT),
                "expires_at": rules.expires_at(draft, tx.now)})
            tx.append_event("transfer.created", f"transfer:{transfer_id}",
                            {"call_id": draft.call_id, "kind": draft.kind.value,
                             "target": draft.target, "status": status.value})
            if immediate:
                complete(tx, tx.get_transfer(transfer_id), None)
            return tx.get_transfer(transfer_id)

        return await self.storage.write(write)

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        rules.check_named(by)
        await self._lapse()  # a lapsed offer is answered no more

        def write(tx: TransfersWriter) -> Transfer:
            transfer = tx.get_transfer(transfer_id)
            if transfer.status is TransferStatus.OFFERED:  # else: the Conflict below says so
                rules.check_may_answer(transfer, by, tx.role_of(by),
                                       tx.is_person(transfer.target))
                if rules.lapsed(transfer, tx.get_call(transfer.call_id).state, tx.now):
                    # lapsed since `_lapse` looked: the next use case records it
                    raise Conflict(_("transfer {id} is no longer offered").format(
                        id=transfer_id), current=transfer)
            status = TransferStatus.ACCEPTED if accept else TransferStatus.DECLINED
            if not tx.answer_if_offered(transfer_id, status, by):
                raise Conflict(_("transfer {id} was already answered ({status})").format(
                    id=transfer_id, status=transfer.status.value), current=transfer)
            if accept:
                complete(tx, transfer, by)
            tx.append_event(f"transfer.{status.value}", f"transfer:{transfer_id}",
                            {"call_id": transfer.call_id, "by": by})
            return tx.get_transfer(transfer_id)

        return await self.storage.write(write)

    async def cancel_transfer(self, transfer_id: int, by: str) -> Transfer:
        rules.check_named(by)
        await self._lapse()

        def write(tx: TransfersWriter) -> Transfer:
            transfer = tx.get_transfer(transfer_id)
            if transfer.status is TransferStatus.OFFERED:  # else: the Conflict below says so
                holder = tx.get_call(transfer.call_id).operator
                rules.check_may_cancel(transfer, by, tx.role_of(by), holder)
            if not tx.answer_if_offered(transfer_id, TransferStatus.CANCELLED, by):
                raise Conflict(_("transfer {id} was already answered ({status})").format(
                    id=transfer_id, status=transfer.status.value), current=transfer)
            tx.append_event("transfer.cancelled", f"transfer:{transfer_id}",
                            {"call_id": transfer.call_id, "by": by})
            return tx.get_transfer(transfer_id)

        return await self.storage.write(write)

    async def list_transfers(self, *, target: str | None = None,
                             status: TransferStatus | None = None, call_id: int | None = None,
                             limit: int = 50) -> list[Transfer]:
        await self._lapse()  # what is listed as offered still waits for its answer
        return await self.storage.list_transfers(
            target=target, status=TransferStatus(status) if status is not None else None,
            call_id=call_id, limit=max(0, int(limit)))
