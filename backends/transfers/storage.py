"""What the transfers service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). A transfer ends one call and starts another, so its writer also reads
and writes calls, and lends the calls domain's writer of the same transaction (`calls_writer`)
so that the service can move the operators' presences with the calls by the calls domain's
rule (backends/calls/steps.py).

`write(work)` is one transaction: the transfer, both calls, the presences and every event are
committed together. `work` is synchronous: it runs where the store keeps its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.calls.models import Call, CallState
from backends.calls.steps import PresenceWriter
from backends.people.models import Presence, Role
from backends.transfers.models import Transfer, TransferStatus

T = TypeVar("T")


class TransfersWriter(Protocol):
    """Inside one write transaction."""

    now: datetime  # the transaction's clock (UTC)

    def get_transfer(self, transfer_id: int) -> Transfer:
        """NotFound when there is no such transfer."""

    def insert_transfer(self, values: dict[str, object]) -> int:
        """A new transfer (field → value, as in `Transfer`, version 1); its id."""

    def answer_if_offered(self, transfer_id: int, status: TransferStatus,
                          by: str | None) -> bool:
        """Status, responded_at (now), responded_by, version bumped, only if still offered."""

    def offered_transfers(self, limit: int) -> list[Transfer]:
        """The transfers still waiting for an answer, oldest first."""

    def presence_of(self, target: str) -> Presence | None:
        """The presence of an operator by this login, or else of a directory person or outside
        number by this name (without case); None for anybody else."""

    def free_supervisors(self) -> list[str]:
        """Logins of the supervisors who are available, the longest available first."""

    def record_new_call(self, transfer_id: int, call_id: int) -> None:
        """The call a completed transfer started."""

    def offered_for_call(self, call_id: int) -> int | None:
        """The transfer of this call still waiting for an answer, if any."""

    def role_of(self, name: str) -> Role | None:
        """The role of an operator by this name; None for anybody else."""

    def is_person(self, target: str) -> bool:
        """An operator login or a directory person or outside number (not a department or
        a queue), names compared without case."""

    def queue_for(self, target: str) -> str | None:
        """The queue a transferred caller waits in for `target`: the directory queue of that
        name, or the queue serving that department (its `department`), names compared
        without case; None for anybody or anything else."""

    def ticket_exists(self, ticket_id: int) -> bool: ...

    def get_call(self, call_id: int) -> Call:
        """NotFound when there is no such call."""

    def update_call_if_state(self, call_id: int, state: CallState,
                             fields: dict[str, object]) -> bool:
        """Set `fields` and bump the call's version only if it is still in `state`."""

    def insert_call(self, values: dict[str, object], ticket_ids: Sequence[int]) -> int: ...

    @property
    def calls_writer(self) -> PresenceWriter:
        """The calls domain's writer inside this same transaction (for its steps)."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        """An event of the change feed, committed with the rest."""


class TransfersStorage(Protocol):
    async def write(self, work: Callable[[TransfersWriter], T]) -> T:
        """Run `work` in one transaction."""

    async def list_transfers(self, *, target: str | None, status: TransferStatus | None,
                             call_id: int | None, limit: int) -> list[Transfer]:
        """Newest first."""

    async def waiting_offers(self, limit: int) -> list[tuple[Transfer, CallState]]:
        """The transfers still offered, with the state of their call now (a read)."""
