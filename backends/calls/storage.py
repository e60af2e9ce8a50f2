"""What the calls service needs of a store: persistence only, no rules (docs/ARCHITECTURE.md).

A store runs `write(work)` as one transaction: `work` gets a `CallsWriter` and every change
it makes, and every event it appends, is committed together or not at all. Updates are
conditional (on the state or the version read before), so a lost race shows as False, never as
a silent overwrite. The rules (transitions, presence, outcomes) are the service's
(backends/calls/service.py); a new store (e.g. PostgreSQL) implements these two Protocols.

`work` is synchronous: it runs where the store keeps its transaction (SQLite: the write
thread, or the server's loop), without awaiting anything in between.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.calls.models import Call, CallState
from backends.people.models import Presence

T = TypeVar("T")


class CallsWriter(Protocol):
    """Inside one write transaction."""

    now: datetime  # the transaction's clock (UTC)

    def get_call(self, call_id: int) -> Call:
        """NotFound when there is no such call."""

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int] = ()) -> int:
        """A new call row (column → value, as in `Call`); its id."""

    def claim(self, call_id: int, operator: str, claimable: Sequence[CallState]) -> bool:
        """The call becomes `operator`'s, active, only if its state is one of `claimable`
        (answered_at kept when set, else now); False when it is not."""

    def queue_heads(self, limit: int) -> list[int]:
        """Waiting calls to claim, in queue order (priority, VIP, arrival), up to `limit`: a
        store that can hold a head for this transaction alone may give just that one."""

    def offered_to(self, operator: str, limit: int) -> list[int]:
        """Calls offered to (ringing for) `operator`, in queue order."""

    def update_if_state(self, call_id: int, state: CallState,
                        fields: dict[str, object]) -> bool:
        """Set `fields` and bump the version only if the call is still in `state`."""

    def update_if_version(self, call_id: int, version: int, fields: dict[str, object]) -> bool:
        """Set `fields` and bump the version only if the call is still at `version`."""

    def link_tickets(self, call_id: int, ticket_ids: Sequence[int]) -> None:
        """The call's linked tickets become exactly `ticket_ids`."""

    def customer_exists(self, customer_id: int) -> bool: ...

    def ticket_exists(self, ticket_id: int) -> bool: ...

    def disposition_exists(self, code: str) -> bool: ...

    def customers_by_email(self, email: str, limit: int) -> list[int]: ...

    def customers_by_phone(self, number: str) -> list[int]:
        """Customers with exactly this E.164 number."""

    def customer_tags(self, customer_id: int) -> list[str]: ...

    def presence_of(self, operator: str) -> tuple[Presence, str | None] | None:
        """(presence, pause reason) of an operator; None for a name that is none."""

    def set_presence(self, operator: str, presence: Presence, reason: str | None) -> None:
        """Presence, pause reason and since-when of an operator (version bumped)."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        """An event of the change feed, committed with the rest."""


class CallsStorage(Protocol):
    async def write(self, work: Callable[[CallsWriter], T]) -> T:
        """Run `work` in one transaction."""

    async def get_call(self, call_id: int) -> Call: ...

    async def list_calls(self, *, states: Sequence[CallState], customer_id: int | None,
                         operator: str | None, limit: int, queue_order: bool) -> list[Call]:
        """`queue_order`: priority, VIP, arrival; else newest first."""
