"""The callbacks use cases over a `CallbacksStorage` (docs/ARCHITECTURE.md): the rules of
backends/callbacks/rules.py run here, once, for every store. Each use case is one storage
transaction; every change appends its event to the change feed.

The service reads its clock from `clock` (UTC now by default), so tests can travel in time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from backends.callbacks import rules
from backends.callbacks.models import (
    Callback,
    CallbackScope,
    CallbackState,
    Compliance,
    ComplianceBy,
)
from backends.calls.models import CallState, Channel, Direction
from backends.calls.steps import follow_presence
from backends.checks import utcnow
from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.revalidation import revalidate

if TYPE_CHECKING:  # the Protocols type the service; a store never needs them at run time
    from backends.callbacks.inputs import CallbackCompletion, CallbackDraft, CallbackReschedule
    from backends.callbacks.storage import CallbacksStorage, CallbacksWriter

COMPLIANCE_SCAN = 100_000
HANDOVER_BATCH = 200


def _history(callback: Callback, *entries: Any) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in (*callback.history, *entries)]


def _save(tx: CallbacksWriter, callback: Callback, fields: dict[str, object]) -> Callback:
    if not tx.update_if_version(callback.id, callback.version, fields):
        raise Conflict(_("callback {id} changed meanwhile").format(id=callback.id),
                       current=tx.get_callback(callback.id))
    return tx.get_callback(callback.id)


class CallbacksService:
    """The `Callbacks` interface (backends/callbacks/api.py) over a `CallbacksStorage`."""

    def __init__(self, storage: CallbacksStorage,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.storage = storage
        self.clock = clock

    def _now(self) -> datetime:
        return self.clock().astimezone(UTC)

    async def book_callback(self, draft: CallbackDraft) -> Callback:
        draft = revalidate(draft)
        now = self._now()
        rules.check_due_time(draft.due_at, now)

        def write(tx: CallbacksWriter) -> Callback:
            if tx.role_of(draft.owner) is None:
                raise Invalid("owner", _("'{name}' is not an operator").format(
                    name=draft.owner))
            if draft.call_id is not None and not tx.call_exists(draft.call_id):
                raise Invalid("call_id", _("there is no call {id}").format(id=draft.call_id))
            due_at = draft.due_at.astimezone(UTC)
            booked = rules.entry(now, draft.owner, "booked", due_at)
            callback_id = tx.insert_callback({
                **draft.model_dump(), "due_at": due_at, "state": CallbackState.OPEN,
                **rules.ends(due_at, draft.window_minutes, draft.grace_minutes),
                "created_at": now, "history": [booked.model_dump(mode="json")]})
            callback = tx.get_callback(callback_id)
            tx.append_event("callback.booked", f"callback:{callback_id}", {
                "owner": draft.owner, "scope": draft.scope.value, "queue": draft.queue,
                "due_at": due_at.isoformat(), "customer_id": draft.customer_id})
            return callback

        return await self.storage.write(write)

    async def get_callback(self, callback_id: int) -> Callback:
        return await self.storage.get_callback(callback_id)

    async def list_callbacks(self, *, owner: str | None = None,
                             states: list[CallbackState] | None = None,
                             customer_id: int | None = None, ticket_id: int | None = None,
                             limit: int = 100) -> list[Callback]:
        return await self.storage.list_callbacks(
            owner=owner, states=[CallbackState(s) for s in states or ()],
            customer_id=customer_id, ticket_id=ticket_id, due_before=None, due_from=None,
            limit=max(0, int(limit)))

    async def list_due(self, operator: str, *, limit: int = 50) -> list[Callback]:
        rules.check_named(operator)
        now = self._now()
        limit = max(0, int(limit))
        # the three ways a callback is offered: the operator's own, anyone's, and personal
        # ones past their window and grace (rules.offered_to decides; these only narrow)
        found: dict[int, Callback] = {}
        for owner, scope, handover_before in (
                (operator, CallbackScope.PERSONAL, None), (None, CallbackScope.ANYONE, None),
                (None, CallbackScope.PERSONAL, now)):
            for callback in await self.storage.list_callbacks(
                    owner=owner, states=[CallbackState.OPEN], customer_id=None,
                    ticket_id=None, due_before=now, due_from=None, limit=limit,
                    scope=scope, handover_before=handover_before):
                found[callback.id] = callback
        offered = [c for c in found.values()
                   if rules.is_due(c, now) and rules.offered_to(c, operator, now)]
        return sorted(offered, key=lambda c: (c.due_at, c.id))[:limit]

    async def make_callback(self, callback_id: int, operator: str) -> Callback:
        rules.check_named(operator)
        now = self._now()

        def write(tx: CallbacksWriter) -> Callback:
            callback = tx.get_callback(callback_id)
            role = tx.role_of(operator)
            if role is None:
                raise Invalid("operator", _("'{name}' is not an operator").format(name=operator))
            rules.check_may_make(callback, operator, role, now)
            customer_id = callback.customer_id
            if customer_id is not None and not tx.customer_here(customer_id):
                customer_id = None  # a helpdesk's customer not mirrored here: the callback
                # keeps the link, the call does not
            # the ticket it is about comes with the call (F9 opens it), when it is here
            tickets = [callback.ticket_id] if (callback.ticket_id is not None
                                               and tx.ticket_here(callback.ticket_id)) else []
            call_id = tx.insert_call({
                "channel": Channel.VOICE, "direction": Direction.OUTBOUND,
                "caller": callback.number, "customer_id": customer_id,
                "queue": callback.queue, "priority": 0, "vip": False,
                "state": CallState.ACTIVE, "arrived_at": now, "answered_at": now,
                "operator": operator, "notes": "",
                "handover_note": callback.reason or None, "version": 1}, tickets)
            tx.append_event("call.created", f"call:{call_id}", {
                "queue": callback.queue, "customer_id": callback.customer_id,
                "operator": operator, "callback_id": callback.id})
            follow_presence(tx.calls_writer, operator, CallState.ACTIVE)
            made = _save(tx, callback, {
                "state": CallbackState.DIALLING, "made_by": operator,
                "first_made_at": callback.first_made_at or now, "outbound_call_id": call_id,
                "attempts": callback.attempts + 1,
                "history": _history(callback, rules.entry(now, operator, "made"))})
            tx.append_event("callback.made", f"callback:{callback.id}", {
                "operator": operator, "call_id": call_id, "owner": callback.owner})
            return made

        return await self.storage.write(write)

    async def complete_callback(self, callback_id: int,
                                completion: CallbackCompletion) -> Callback:
        rules.check_outcome(completion.outcome)
        completion = revalidate(completion)
        now = self._now()

        def write(tx: CallbacksWriter) -> Callback:
            callback = tx.get_callback(callback_id)
            rules.check_may_finish(callback, completion.operator,
                                   tx.role_of(completion.operator), now)
            done = _save(tx, callback, {
                "state": CallbackState.DONE, "outcome": completion.outcome, "done_at": now,
                "history": _history(callback, rules.entry(
                    now, completion.operator, "done", note=completion.note))})
            tx.append_event("callback.done", f"callback:{callback.id}", {
                "operator": completion.operator, "outcome": completion.outcome,
                "owner": callback.owner})
            return done

        return await self.storage.write(write)

    async def reschedule_callback(self, callback_id: int,
                                  change: CallbackReschedule) -> Callback:
        change = revalidate(change)
        now = self._now()
        due_at = change.due_at.astimezone(UTC)
        rules.check_due_time(due_at, now)

        def write(tx: CallbacksWriter) -> Callback:
            callback = tx.get_callback(callback_id)
            rules.check_may_finish(callback, change.operator, tx.role_of(change.operator), now)
            rules.check_history_room(callback)
            window = change.window_minutes or callback.window_minutes
            moved = _save(tx, callback, {
                "state": CallbackState.OPEN, "due_at": due_at, "window_minutes": window,
                **rules.ends(due_at, window, callback.grace_minutes),
                "history": _history(callback, rules.entry(
                    now, change.operator, "rescheduled", due_at, change.note))})
            tx.append_event("callback.rescheduled", f"callback:{callback.id}", {
                "operator": change.operator, "due_at": due_at.isoformat(),
                "owner": callback.owner, "from": callback.due_at.isoformat()})
            return moved

        return await self.storage.write(write)

    async def hand_over_overdue(self) -> list[Callback]:
        now = self._now()

        def write(tx: CallbacksWriter) -> list[Callback]:
            handed: list[Callback] = []
            managers = tx.managers()
            for callback in tx.personal_open_before(now, HANDOVER_BATCH):
                if not rules.needs_handover(callback, now):
                    continue
                handed.append(_save(tx, callback, {
                    "scope": CallbackScope.ANYONE, "handed_over_at": now,
                    "history": _history(callback, rules.entry(now, "", "handed_over"))}))
                tx.append_event("callback.handed_over", f"callback:{callback.id}", {
                    "owner": callback.owner, "queue": callback.queue,
                    "tell": [callback.owner, *[m for m in managers if m != callback.owner]]})
            return handed

        return await self.storage.write(write)

    async def compliance(self, *, since: datetime | None = None,
                         until: datetime | None = None,
                         by: ComplianceBy = ComplianceBy.OPERATOR) -> list[Compliance]:
        by = ComplianceBy(by)
        now = self._now()
        found = await self.storage.list_callbacks(
            owner=None, states=[], customer_id=None, ticket_id=None,
            due_before=until, due_from=since, limit=COMPLIANCE_SCAN)
        counts: dict[str, list[int]] = {}
        for callback in found:
            if callback.state is not CallbackState.DONE and not rules.window_closed(callback,
                                                                                    now):
                continue  # still inside its window: not yet counted either way
            group = callback.owner if by is ComplianceBy.OPERATOR else callback.queue
            tally = counts.setdefault(group, [0, 0])
            tally[0] += 1
            tally[1] += rules.made_in_window(callback)
        return [Compliance(by=by, group=group, due=due, made_in_window=made)
                for group, (due, made) in sorted(counts.items())]
