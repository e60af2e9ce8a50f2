"""Start-up and the live change feed of the main screen: open the backend after the first
frame, restore an interrupted call, follow `backend.events()` and refresh the queue, the call,
the customer and transfer offers when somebody else (a colleague, the simulator) changes them.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Static

from backends.errors import BackendError, NotFound, Unavailable
from backends.i18n import _
from backends.models import CallState, Event, Operator, Presence, TransferKind, TransferStatus
from screens.common import render

if TYPE_CHECKING:
    from screens.main_screen import MainScreen

    _Base = MainScreen
else:
    _Base = object

MY_CALL_STATES = [CallState.ACTIVE, CallState.ON_HOLD, CallState.WRAP_UP]
FINISHED = frozenset({CallState.DONE, CallState.TRANSFERRED, CallState.ABANDONED})
QUEUE_SAFETY_REFRESH = 10.0  # seconds; the feed is the fast path, this only heals gaps
RETRY_MAX = 8.0


class LiveFeed(_Base):
    _queue_pending = False
    _start_failures = 0
    _transfer_retry = False
    _offered: set[int]
    _offering: set[int]

    @work(exit_on_error=False, group="start")
    async def start(self) -> None:
        self._offered = set()
        self._offering = set()
        try:
            if self.open_backend:
                await self.backend.open()
            self.operator = await self._ensure_operator()
            self.dispositions = await self.backend.list_dispositions()
            mine = await self.backend.list_calls(operator=self.operator_name,
                                                 states=MY_CALL_STATES, limit=5)
        except Unavailable as exc:
            # tell once, then keep the banner up and retry quietly until the store answers
            if not self._start_failures:
                self.report(exc, _("Start"))
            self._start_failures += 1
            self.set_offline(True, exc.message)
            self.set_timer(min(2.0 * self._start_failures, RETRY_MAX), self.start)
            return
        except BackendError as exc:
            # a wrong file, a refused token: retrying cannot help, so say what to fix
            self.cannot_start(exc)
            return
        self.set_offline(False)
        await self.mount_work_panes()
        self.ready = True
        self.state_changed()
        on_ready = getattr(self.app, "backend_ready", None)
        if on_ready is not None:
            on_ready()
        self.refresh_queue()
        self.follow_events()
        self.set_interval(QUEUE_SAFETY_REFRESH, self.schedule_queue_refresh)
        self.check_transfers()
        self.offer_drafts()
        if mine:
            # an interrupted session: take the call back where it was
            self.call = mine[0]
            self.state_changed()
            try:
                await self.pop_customer()
            except BackendError as exc:
                self.report(exc)

    def cannot_start(self, exc: BackendError) -> None:
        """A permanent start-up error: a banner that does not promise a retry, and an error
        notification; the console stays open (Ctrl+Q leaves) but does not try again."""
        message = _("Cannot start: {reason} (fix the settings and restart the console)").format(
            reason=exc.message)
        banner = self.query_one("#banner", Static)
        banner.update(render.content(message, max_length=300))
        banner.display = True
        render.notify_error(self, message, title=_("Start"))

    async def _ensure_operator(self) -> Operator:
        try:
            operator = await self.backend.get_operator(self.operator_name)
        except NotFound:
            return await self.backend.upsert_operator(
                Operator(name=self.operator_name, display_name=self.operator_name,
                         presence=Presence.AVAILABLE))
        if operator.presence is Presence.OFFLINE:
            operator = await self.backend.set_presence(self.operator_name, Presence.AVAILABLE)
        return operator

    @work(exit_on_error=False, group="drafts")
    async def offer_drafts(self) -> None:
        """Ticket drafts a crashed session left behind, offered back once at start."""
        editor: Any = self.query_one("#ticket")
        store = getattr(editor, "drafts", None)
        try:
            from screens.tickets.draft_recovery import DraftRecoveryDialog
        except ImportError:
            return
        if store is None or not hasattr(editor, "restore_draft"):
            return
        # only this operator's: another login's drafts may share the folder (an older
        # layout, a case-insensitive disk) and must be neither offered nor discarded here
        pending = store.pending(operator=self.operator_name)
        if not pending:
            return
        draft = await self.app.push_screen_wait(
            DraftRecoveryDialog(pending, store, operator=self.operator_name))
        if draft is not None:
            self.show_pane("ticket", focus=False)
            try:
                await editor.restore_draft(draft)
            except BackendError as exc:
                self.report(exc, _("Ticket"))
            self.focus_into("ticket")

    # -- the queue -------------------------------------------------------------------------
    def schedule_queue_refresh(self) -> None:
        """Coalesce a burst of events into one reload."""
        if not self.ready or self._queue_pending:
            return
        self._queue_pending = True
        self.set_timer(0.05, self.refresh_queue)

    @work(exclusive=True, exit_on_error=False, group="queue")
    async def refresh_queue(self) -> None:
        self._queue_pending = False
        try:
            calls = await self.backend.list_calls(states=[CallState.WAITING], limit=200)
            for call in calls:
                if call.customer_id is not None and call.customer_id not in self.names:
                    try:
                        customer = await self.backend.get_customer(call.customer_id)
                        self.names[customer.id] = customer.name
                    except NotFound:
                        self.names[call.customer_id] = ""
        except BackendError as exc:
            self.report(exc, _("Queue"))
            return
        self.query_one("#queue").set_calls(calls, self.names)  # type: ignore[attr-defined]

    # -- the feed --------------------------------------------------------------------------
    @work(exit_on_error=False, group="feed")
    async def follow_events(self) -> None:
        after = await self._last_event_id()
        delay = 0.5
        while True:
            try:
                async for event in self.backend.events(after_id=after):
                    after = event.id
                    delay = 0.5
                    self.handle_event(event)
                return  # the backend closed its feed
            except BackendError as exc:
                self.set_offline(True, exc.message)
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX)
            try:
                await self.backend.last_event_id()
            except BackendError:
                continue
            self.set_offline(False)
            self.schedule_queue_refresh()

    async def _last_event_id(self) -> int:
        while True:
            try:
                return await self.backend.last_event_id()
            except BackendError as exc:
                self.set_offline(True, exc.message)
                await asyncio.sleep(2.0)

    def handle_event(self, event: Event) -> None:
        kind = event.subject_type
        panel: Any = self.query_one("#transfer")
        if hasattr(panel, "on_backend_event"):
            panel.on_backend_event(event)
        if self.query_one("#banner").display:
            self.set_offline(False)
        if kind == "call":
            self.schedule_queue_refresh()
            if self.call is not None and event.subject_id == self.call.id:
                self.reload_call()
        elif kind == "customer":
            if event.subject_id is not None:
                self.names.pop(event.subject_id, None)
            self.schedule_queue_refresh()
            if self.customer is not None and event.subject_id == self.customer.id:
                self.reload_customer()
        elif kind == "ticket":
            if self.customer is not None:
                self.reload_customer()
        elif kind == "transfer":
            self.check_transfers()
            if self.call is not None:
                self.reload_call()
        elif kind == "operator" and event.subject.split(":", 1)[-1] == self.operator_name:
            self.reload_operator()

    @work(exclusive=True, exit_on_error=False, group="reload-customer")
    async def reload_customer(self) -> None:
        if self.customer is None:
            return
        try:
            self.customer = await self.backend.get_customer(self.customer.id)
        except BackendError:
            return
        self.customer_pane().show_customer(self.customer.id)
        self.state_changed()

    @work(exclusive=True, exit_on_error=False, group="reload-call")
    async def reload_call(self) -> None:
        if self.call is None:
            return
        try:
            call = await self.backend.get_call(self.call.id)
            handed_away = (call.state is CallState.TRANSFERRED
                           and call.operator in (None, self.operator_name))
            if handed_away:
                # transferred by this operator: wrap-up with an outcome before available
                first_news = self.call.state is not CallState.TRANSFERRED
                self.call = call
                if first_news:
                    self.wrap_up_transferred(call)
            elif call.state in FINISHED or call.operator not in (None, self.operator_name):
                # transferred away or taken over: this console is free again
                self.call, self.ticket_id = None, None
                if self.operator and self.operator.presence is Presence.ON_CALL:
                    self.operator = await self.backend.set_presence(self.operator_name,
                                                                    Presence.AVAILABLE)
            else:
                self.call = call
        except BackendError as exc:
            self.report(exc)
        self.state_changed()

    @work(exclusive=True, exit_on_error=False, group="reload-operator")
    async def reload_operator(self) -> None:
        try:
            self.operator = await self.backend.get_operator(self.operator_name)
        except BackendError:
            return
        self.state_changed()

    # -- warm transfers offered to me -------------------------------------------------------
    @work(exit_on_error=False, group="transfers")
    async def check_transfers(self) -> None:
        """Not exclusive: a newer event must not cancel a check half-way through an offer.
        An id counts as offered only once its dialog is pushed; while it is being loaded it is
        in `_offering`, so two checks at once do not show it twice."""
        try:
            from screens.transfers.transfer_offer import TransferOfferDialog
        except ImportError:
            return
        try:
            offers = await self.backend.list_transfers(target=self.operator_name,
                                                       status=TransferStatus.OFFERED)
        except BackendError as exc:
            self._transfers_failed(exc)
            return
        for transfer in offers:
            if (transfer.id in self._offered or transfer.id in self._offering
                    or transfer.kind in (TransferKind.BLIND, TransferKind.QUEUE)):
                continue
            self._offering.add(transfer.id)
            try:
                call = await self.backend.get_call(transfer.call_id)
                ticket = (await self.backend.get_ticket(transfer.ticket_id)
                          if transfer.ticket_id else None)
            except BackendError as exc:
                self._transfers_failed(exc)
                continue
            finally:
                self._offering.discard(transfer.id)
            dialog: Any = TransferOfferDialog(transfer, call, ticket)
            self.app.push_screen(dialog, lambda accept, t=transfer: self.respond(t, accept))
            self._offered.add(transfer.id)

    def _transfers_failed(self, exc: BackendError) -> None:
        """Say so; when the store is only unreachable, look again a little later (the offer is
        still waiting for an answer). Any later transfer event looks again too."""
        self.report(exc, _("Transfer"))
        if isinstance(exc, Unavailable) and not self._transfer_retry:
            self._transfer_retry = True
            self.set_timer(RETRY_MAX, self._retry_transfers)

    def _retry_transfers(self) -> None:
        self._transfer_retry = False
        self.check_transfers()

    @work(exit_on_error=False, group="call")
    async def respond(self, transfer: Any, accept: bool | None) -> None:
        try:
            await self.backend.respond_transfer(transfer.id, bool(accept), self.operator_name)
            if accept:
                mine = await self.backend.list_calls(operator=self.operator_name,
                                                     states=MY_CALL_STATES, limit=5)
                if mine:
                    self.call = mine[0]
                    self.operator = await self.backend.set_presence(self.operator_name,
                                                                    Presence.ON_CALL)
                    self.state_changed()
                    await self.pop_customer()
        except BackendError as exc:
            self.report(exc, _("Transfer"))
        self.state_changed()
