"""The calls use cases: the queue, answering, states and call details.

One of the domain interfaces a backend provides (docs/ARCHITECTURE.md): a backend offers
it as `backend.calls`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.calls.models import Call, CallState
from backends.domain_registry import DomainKey

if TYPE_CHECKING:
    from backends.calls.inputs import CallChanges, CallDraft


@runtime_checkable
class Calls(Protocol):
    async def create_call(self, draft: CallDraft) -> Call:
        """A new contact in the queue (state waiting). The caller is matched to a customer by
        phone when `customer_id` is not given and exactly one customer has the number."""

    async def get_call(self, call_id: int) -> Call: ...

    async def list_calls(
        self,
        *,
        states: Sequence[CallState] | None = None,
        customer_id: int | None = None,
        operator: str | None = None,
        limit: int = 100,
    ) -> list[Call]:
        """Waiting calls in queue order (priority, VIP, then arrival); others newest first."""

    async def claim_call(self, call_id: int | None, operator: str) -> Call:
        """Answer: waiting/offered → active for `operator`, atomically. `call_id=None` takes the
        head of the queue. Conflict when somebody else got it first; NotFound when the queue
        is empty."""

    async def set_call_state(
        self, call_id: int, state: CallState, *, operator: str | None = None,
        disposition: str | None = None,
    ) -> Call:
        """Move along CALL_TRANSITIONS, conditionally on the current state (Conflict if not
        allowed). Ending (→ wrap_up / done) stamps `ended_at`; done needs a disposition."""

    async def update_call(self, call_id: int, version: int, changes: CallChanges) -> Call: ...

    # -- use cases that change several things: one operation each (one transaction on SQLite,
    #    one request over HTTP), so a crash or a dropped connection never leaves half done
    async def answer_call(self, call_id: int | None, operator: str) -> Call:
        """`claim_call` and the operator's presence on a call (no pause reason), together.
        NotFound for an operator who is not registered: then nothing is claimed."""

    async def end_call(self, call_id: int, operator: str) -> Call:
        """An active or held call → wrap_up, and the operator's presence wrap-up, together.
        A call already in wrap_up or transferred keeps its state (its outcome is still to be
        recorded); any other state is a Conflict and changes nothing."""

    async def finish_call(self, call_id: int, operator: str, disposition: str) -> Call:
        """The wrap-up outcome: a call in wrap_up → done with `disposition` (a transferred
        call keeps its state and records the outcome), and the operator available, together.
        Invalid without a known disposition; Conflict in any other state; nothing changes
        then."""


CALLS: DomainKey[Calls] = DomainKey("calls")
