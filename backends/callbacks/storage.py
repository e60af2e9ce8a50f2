"""What the callbacks service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). Making a callback places an outbound call, so its writer also inserts
a call and lends the calls domain's writer of the same transaction (`calls_writer`), with which
the service moves the operator's presence by the calls domain's rule
(backends/calls/steps.py).

`write(work)` is one transaction: the callback, the call, the presence and every event are
committed together. `work` is synchronous: it runs where the store keeps its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.callbacks.models import Callback, CallbackScope, CallbackState
from backends.calls.steps import PresenceWriter
from backends.people.models import Role

T = TypeVar("T")


class CallbacksWriter(Protocol):
    """Inside one write transaction."""

    def get_callback(self, callback_id: int) -> Callback:
        """NotFound when there is no such callback."""

    def insert_callback(self, values: dict[str, object]) -> int:
        """A new callback (field → value, as in `Callback`, plus `window_end` and
        `handover_at`; version 1); its id."""

    def update_if_version(self, callback_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        """Set `fields` (history, `window_end`, `handover_at` included) and bump the
        version, only at `version`."""

    def personal_open_before(self, handover_before: datetime, limit: int) -> list[Callback]:
        """Personal open callbacks whose stored `handover_at` is at or before the given time,
        soonest first."""

    def role_of(self, name: str) -> Role | None:
        """The role of an operator by this name; None for anybody else."""

    def managers(self) -> list[str]:
        """Supervisors' and admins' names."""

    def call_exists(self, call_id: int) -> bool: ...

    def customer_here(self, customer_id: int) -> bool:
        """The customer has a row in this store (on a composed backend, RT's customers have
        one only once shadowed), so a new call may refer to it."""

    def ticket_here(self, ticket_id: int) -> bool:
        """The ticket has a row in this store (as `customer_here`), so a call may link it."""

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int] = ()) -> int:
        """A new call (field → value, as in `Call`) linked to `ticket_ids`; its id."""

    @property
    def calls_writer(self) -> PresenceWriter:
        """The calls domain's writer inside this same transaction (for its steps)."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        """An event of the change feed, committed with the rest."""


class CallbacksStorage(Protocol):
    async def write(self, work: Callable[[CallbacksWriter], T]) -> T:
        """Run `work` in one transaction."""

    async def get_callback(self, callback_id: int) -> Callback: ...

    async def list_callbacks(self, *, owner: str | None, states: list[CallbackState],
                             customer_id: int | None, ticket_id: int | None,
                             due_before: datetime | None, due_from: datetime | None,
                             limit: int, scope: CallbackScope | None = None,
                             handover_before: datetime | None = None) -> list[Callback]:
        """Soonest due first. `handover_before`: only those whose stored `handover_at` is at
        or before it."""
