"""The parking use cases over a `ParkingStorage` (docs/ARCHITECTURE.md): the rules of
backends/parking/rules.py run here, once, for every store; each use case is one transaction.

No clock runs in the store: every use case first records the returns due by the service's
clock (`_lapse`: one read when nothing is due), so a call parked too long is back with whoever
parked it before anybody could pick it up, on any backend. The clock is injectable for tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from backends.calls.models import CallState
from backends.calls.steps import follow_presence
from backends.checks import utcnow
from backends.errors import Conflict, Invalid, NotFound
from backends.i18n import _
from backends.parking import rules
from backends.parking.models import ParkedCall, ParkStatus

if TYPE_CHECKING:
    from backends.parking.storage import ParkingStorage, ParkingWriter


def record_lapses(tx: ParkingWriter, now: datetime) -> None:
    for parked in tx.parked_now():
        call = tx.get_call(parked.call_id)
        status = rules.lapsed(parked, call.state, now)
        if status is None or not tx.close_if_parked(parked.id, status, {"closed_at": now}):
            continue
        if status is ParkStatus.RETURNED and tx.update_call_if_state(
                call.id, CallState.ON_HOLD, {"state": CallState.WAITING, "operator": None,
                                             "queue": rules.queue_of(parked.parked_by)}):
            tx.append_event("call.state", f"call:{call.id}",
                            {"from": "on_hold", "to": "waiting", "queue": parked.parked_by})
        tx.append_event(f"parking.{status.value}", f"parking:{parked.id}",
                        {"slot": parked.slot, "call_id": call.id, "by": parked.parked_by})


def _named(by: str) -> None:
    if not by or not by.strip():
        raise Invalid("by", _("parking is done by a named operator"))


class ParkingService:
    """The `Parking` interface (backends/parking/api.py) over a `ParkingStorage`."""

    def __init__(self, storage: ParkingStorage,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.storage = storage
        self.clock = clock

    async def _lapse(self) -> None:
        now = self.clock()
        parked = await self.storage.parked_with_states()
        if any(rules.lapsed(p, state, now) for p, state in parked):
            await self.storage.write(lambda tx: record_lapses(tx, now))

    async def park_call(self, call_id: int, by: str, *, slot: int | None = None,
                        return_after: int | None = None) -> ParkedCall:
        _named(by)
        rules.check_slot(slot)
        now = self.clock()
        until = rules.returns_at(now, return_after)
        await self._lapse()

        def write(tx: ParkingWriter) -> ParkedCall:
            call = tx.get_call(call_id)
            parked = tx.parked_now()
            if any(p.call_id == call_id for p in parked):
                raise Conflict(_("call {id} is already parked").format(id=call_id))
            rules.check_may_park(call, by, tx.role_of(by))
            chosen = rules.free_slot(slot, {p.slot for p in parked})
            if not tx.update_call_if_state(call.id, call.state, {
                    "state": CallState.ON_HOLD, "operator": None}):
                raise Conflict(_("call {id} changed meanwhile").format(id=call.id),
                               current=tx.get_call(call.id))
            tx.append_event("call.state", f"call:{call.id}",
                            {"from": call.state.value, "to": "on_hold", "parked": chosen})
            follow_presence(tx.calls_writer, call.operator, CallState.WAITING)
            parked_id = tx.insert_parked({
                "slot": chosen, "call_id": call.id, "caller": call.caller,
                "customer_id": call.customer_id, "parked_by": call.operator or by,
                "parked_at": now, "returns_at": until, "status": ParkStatus.PARKED})
            tx.append_event("parking.parked", f"parking:{parked_id}",
                            {"slot": chosen, "call_id": call.id, "by": by})
            return tx.get_parked(parked_id)

        return await self.storage.write(write)

    async def list_parked(self) -> list[ParkedCall]:
        await self._lapse()
        return await self.storage.list_parked()

    async def get_parked(self, parked_id: int) -> ParkedCall:
        await self._lapse()
        return await self.storage.get_parked(parked_id)

    async def pick_up(self, slot: int, by: str) -> ParkedCall:
        _named(by)
        rules.check_slot(slot)
        await self._lapse()
        now = self.clock()

        def write(tx: ParkingWriter) -> ParkedCall:
            found = [p for p in tx.parked_now() if p.slot == slot]
            if not found:
                raise NotFound(_("no call is parked in slot {slot}").format(slot=slot))
            parked = found[0]
            if not tx.update_call_if_state(parked.call_id, CallState.ON_HOLD, {
                    "state": CallState.ACTIVE, "operator": by}):
                raise Conflict(_("the call in slot {slot} is no longer on hold").format(
                    slot=slot), current=parked)
            if not tx.close_if_parked(parked.id, ParkStatus.PICKED_UP,
                                      {"picked_by": by, "closed_at": now}):
                raise Conflict(_("the call in slot {slot} was taken meanwhile").format(
                    slot=slot), current=parked)
            tx.append_event("call.state", f"call:{parked.call_id}",
                            {"from": "on_hold", "to": "active", "operator": by})
            follow_presence(tx.calls_writer, by, CallState.ACTIVE)
            tx.append_event("parking.picked_up", f"parking:{parked.id}",
                            {"slot": slot, "call_id": parked.call_id, "by": by})
            return tx.get_parked(parked.id)

        return await self.storage.write(write)
