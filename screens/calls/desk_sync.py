"""Keeps the desk in step with the store when somebody else changes it: the queue (coalesced
reloads), the call in hand, the customer shown and the operator's own presence
(docs/ARCHITECTURE.md, "screens/"). The live feed says when; this reads what changed."""

from __future__ import annotations

from collections.abc import Callable

from backends.calls.api import Calls
from backends.calls.models import Call, CallState
from backends.customers.api import Customers
from backends.errors import BackendError, NotFound
from backends.i18n import _
from backends.people.api import People
from backends.people.models import Presence
from screens.common.desk import Desk, DeskView

FINISHED = frozenset({CallState.DONE, CallState.TRANSFERRED, CallState.ABANDONED})
QUEUE_LIMIT = 200  # waiting calls listed


def ringing_here(calls: list[Call], operator: str) -> list[Call]:
    """What this desk may answer: the calls offered to this operator first (they ring here,
    and answering the next call takes them first), then the shared queue; a call offered to
    somebody else is theirs alone (a trainee never sees another's staged caller)."""
    mine = [c for c in calls if c.state is CallState.OFFERED and c.operator == operator]
    return mine + [c for c in calls if c.state is CallState.WAITING]


class DeskSync:
    def __init__(self, desk: Desk, view: DeskView, *, calls: Calls, customers: Customers,
                 people: People, handed_away: Callable[[Call], None]) -> None:
        """`handed_away(call)`: this operator's call was transferred (wrap-up follows)."""
        self.desk = desk
        self.view = view
        self.calls = calls
        self.customers = customers
        self.people = people
        self._handed_away = handed_away
        self._queue_pending = False

    # -- the queue -------------------------------------------------------------------------
    def schedule_queue_refresh(self) -> None:
        """Coalesce a burst of events into one reload."""
        if not self.desk.ready or self._queue_pending:
            return
        self._queue_pending = True
        self.view.later(0.05, self.refresh_queue)

    def refresh_queue(self) -> None:
        self.view.launch(self._refresh_queue, "queue", exclusive=True)

    async def _refresh_queue(self) -> None:
        self._queue_pending = False
        names = self.desk.names
        try:
            calls = ringing_here(await self.calls.list_calls(
                states=[CallState.WAITING, CallState.OFFERED], limit=QUEUE_LIMIT),
                self.desk.operator_name)
            for call in calls:
                if call.customer_id is not None and call.customer_id not in names:
                    try:
                        customer = await self.customers.get_customer(call.customer_id)
                        names[customer.id] = customer.name
                    except NotFound:
                        names[call.customer_id] = ""
        except BackendError as exc:
            self.view.report(exc, _("Queue"))
            return
        self.view.show_queue(calls, names)

    # -- the customer, the call, the operator ------------------------------------------------
    def reload_customer(self) -> None:
        self.view.launch(self._reload_customer, "reload-customer", exclusive=True)

    async def _reload_customer(self) -> None:
        desk = self.desk
        if desk.customer is None:
            return
        try:
            desk.customer = await self.customers.get_customer(desk.customer.id)
        except BackendError:
            return
        self.view.redraw_customer(desk.customer.id)
        self.view.state_changed()

    def reload_call(self) -> None:
        self.view.launch(self._reload_call, "reload-call", exclusive=True)

    async def _reload_call(self) -> None:
        desk = self.desk
        if desk.call is None:
            return
        try:
            call = await self.calls.get_call(desk.call.id)
            handed_away = (call.state is CallState.TRANSFERRED
                           and call.operator in (None, desk.operator_name))
            if handed_away:
                # transferred by this operator: wrap-up with an outcome before available
                first_news = desk.call.state is not CallState.TRANSFERRED
                desk.call = call
                if first_news:
                    self._handed_away(call)
            elif call.state in FINISHED or call.operator not in (None, desk.operator_name):
                # transferred away or taken over: this console is free again
                desk.call, desk.ticket_id = None, None
                if desk.operator and desk.operator.presence is Presence.ON_CALL:
                    desk.operator = await self.people.set_presence(desk.operator_name,
                                                                   Presence.AVAILABLE)
            else:
                desk.call = call
        except BackendError as exc:
            self.view.report(exc)
        self.view.state_changed()

    def reload_operator(self) -> None:
        self.view.launch(self._reload_operator, "reload-operator", exclusive=True)

    async def _reload_operator(self) -> None:
        try:
            self.desk.operator = await self.people.get_operator(self.desk.operator_name)
        except BackendError:
            return
        self.view.state_changed()
