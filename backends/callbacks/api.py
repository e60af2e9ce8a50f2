"""The callbacks use cases: book, list, list due, make, complete, reschedule, hand over.

A domain interface outside the six typed attributes (docs/ARCHITECTURE.md): reached as
`backend.domain(CALLBACKS)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey

if TYPE_CHECKING:  # the key is imported by screens at start-up; the models when first used
    from datetime import datetime

    from backends.callbacks.inputs import CallbackCompletion, CallbackDraft, CallbackReschedule
    from backends.callbacks.models import Callback, CallbackState, Compliance, ComplianceBy


@runtime_checkable
class Callbacks(Protocol):
    async def book_callback(self, draft: CallbackDraft) -> Callback:
        """A new open callback (event `callback.booked`). Invalid for a due time more than a
        day in the past or a year ahead, an owner who is not an operator, or a call that does
        not exist."""

    async def get_callback(self, callback_id: int) -> Callback: ...

    async def list_callbacks(
        self, *, owner: str | None = None, states: list[CallbackState] | None = None,
        customer_id: int | None = None, ticket_id: int | None = None, limit: int = 100,
    ) -> list[Callback]:
        """Soonest due first."""

    async def list_due(self, operator: str, *, limit: int = 50) -> list[Callback]:
        """Open callbacks due now that are offered to `operator` (their own personal ones, and
        every "anyone" one, including personal ones past window + grace), soonest due first."""

    async def make_callback(self, callback_id: int, operator: str) -> Callback:
        """Call back: an outbound call to the number, held by `operator` (their presence on
        a call), linked to the callback (`outbound_call_id`), the callback dialling; one
        operation. Forbidden when it is someone else's personal callback; Conflict when it is
        not open."""

    async def complete_callback(self, callback_id: int,
                                completion: CallbackCompletion) -> Callback:
        """Done, only with an outcome (Invalid without one)."""

    async def reschedule_callback(self, callback_id: int,
                                  change: CallbackReschedule) -> Callback:
        """A new due time (and window); open again; the history keeps the old one."""

    async def hand_over_overdue(self) -> list[Callback]:
        """Personal callbacks past window + grace become "anyone"; each gets a
        `callback.handed_over` event naming its owner and the supervisors to tell."""

    async def compliance(self, *, since: datetime | None = None,
                         until: datetime | None = None,
                         by: ComplianceBy = ...) -> list[Compliance]:
        """Per owner (or per queue: the team's), callbacks due in [since, until) whose window
        has closed (or that are done), and how many were first made inside their window."""


CALLBACKS: DomainKey[Callbacks] = DomainKey("callbacks")
