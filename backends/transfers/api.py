"""The transfers use cases: blind, queue, warm and escalation transfers and the
answers to offers.

One of the domain interfaces a backend provides (docs/ARCHITECTURE.md): a backend offers
it as `backend.transfers`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey
from backends.transfers.models import Transfer, TransferStatus

if TYPE_CHECKING:
    from backends.transfers.inputs import TransferDraft


@runtime_checkable
class Transfers(Protocol):
    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        """Blind and queue transfers complete at once (call → transferred, a new waiting call
        in the target queue carries the handover note and tickets); warm and escalation
        transfers wait for the target to respond, at most `timeout_seconds` (then
        timed_out); an offer to a target offline or paused is Invalid at once, except that an
        escalation then goes to the longest-free supervisor."""

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        """Accept or decline an offered transfer; Conflict when already answered, timed out,
        withdrawn or cancelled."""

    async def cancel_transfer(self, transfer_id: int, by: str) -> Transfer:
        """Take back an offer still waiting for its answer (the call stays where it is);
        Conflict when it was answered meanwhile."""

    async def list_transfers(
        self, *, target: str | None = None, status: TransferStatus | None = None,
        call_id: int | None = None, limit: int = 50,
    ) -> list[Transfer]: ...


TRANSFERS: DomainKey[Transfers] = DomainKey("transfers")
