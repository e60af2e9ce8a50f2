"""The Backend protocol: what the screens and the CLI may ask of any store.

Every method is async and raises only the errors of `backends.errors`. A backend declares what
it can do in `capabilities`; a missing capability means the methods of that group raise
`Unavailable` (a helpdesk without a call queue composes with the local store instead).

Capabilities: "customers", "tickets", "calls", "directory", "operators", "transfers",
"events", "fts" (ranked full-text search), "bulk" (fast bulk load, used by seeding).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from backends.models import (
    Call,
    CallChanges,
    CallDraft,
    CallState,
    Customer,
    CustomerChanges,
    CustomerDraft,
    DirectoryEntry,
    Disposition,
    Event,
    Operator,
    Presence,
    Ticket,
    TicketChanges,
    TicketDraft,
    TicketEntry,
    TicketEntryDraft,
    TicketStatus,
    Transfer,
    TransferDraft,
    TransferStatus,
)

ALL_CAPABILITIES = frozenset(
    {"customers", "tickets", "calls", "directory", "operators", "transfers", "events", "fts",
     "bulk"}
)


@runtime_checkable
class Backend(Protocol):
    name: ClassVar[str]
    capabilities: ClassVar[frozenset[str]]

    # -- lifecycle -------------------------------------------------------------------------
    async def open(self) -> None:
        """Connect, migrate, warm up. Called once before anything else."""

    async def close(self) -> None:
        """Release connections and threads. Safe to call twice."""

    # -- customers -------------------------------------------------------------------------
    async def create_customer(self, draft: CustomerDraft) -> Customer: ...

    async def get_customer(self, customer_id: int) -> Customer: ...

    async def get_customer_by_code(self, code: str) -> Customer: ...

    async def update_customer(
        self, customer_id: int, version: int, changes: CustomerChanges
    ) -> Customer:
        """Apply the fields set in `changes` if the stored version is `version`, else Conflict."""

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        """Type-ahead: name prefix or words, phone in any format, email, customer code.

        Any text is accepted: quotes, `*`, `NEAR`, `AND` are searched literally, never parsed.
        """

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        """Caller-ID match: every customer with this number (any format); [] when none."""

    # -- tickets ---------------------------------------------------------------------------
    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        """A ticket; `draft.body` becomes its first note; `draft.call_id` links the call."""

    async def get_ticket(self, ticket_id: int) -> Ticket: ...

    async def update_ticket(self, ticket_id: int, version: int, changes: TicketChanges) -> Ticket:
        """Conflict (with `current` = the stored ticket) when `version` is stale."""

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        """Raise the tier by one (Invalid at tier 3) and log a system entry."""

    async def list_tickets(
        self,
        *,
        customer_id: int | None = None,
        statuses: Sequence[TicketStatus] | None = None,
        assignee: str | None = None,
        limit: int = 50,
    ) -> list[Ticket]:
        """Newest first."""

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        """Subject and entry text, reference (T-000123). Hostile text is searched literally."""

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry: ...

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        """Oldest first."""

    # -- calls -----------------------------------------------------------------------------
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

    # -- operators, presence, directory -----------------------------------------------------
    async def upsert_operator(self, operator: Operator) -> Operator: ...

    async def get_operator(self, name: str) -> Operator: ...

    async def list_operators(self) -> list[Operator]: ...

    async def set_presence(self, name: str, presence: Presence,
                           reason: str | None = None) -> Operator:
        """Invalid when pausing without a reason."""

    async def list_directory(self, query: str = "") -> list[DirectoryEntry]:
        """Filtered as you type by name, department, extension or notes (case-insensitive)."""

    async def upsert_directory_entry(self, entry: DirectoryEntry) -> DirectoryEntry: ...

    async def set_directory_presence(self, entry_id: int, presence: Presence) -> DirectoryEntry:
        ...

    async def list_dispositions(self) -> list[Disposition]: ...

    async def upsert_disposition(self, disposition: Disposition) -> Disposition: ...

    # -- transfers -------------------------------------------------------------------------
    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        """Blind and queue transfers complete at once (call → transferred, a new waiting call
        in the target queue carries the handover note and tickets); warm and escalation
        transfers wait for the target to respond."""

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        """Accept or decline an offered transfer; Conflict when already answered."""

    async def list_transfers(
        self, *, target: str | None = None, status: TransferStatus | None = None,
        call_id: int | None = None, limit: int = 50,
    ) -> list[Transfer]: ...

    # -- change feed -----------------------------------------------------------------------
    async def read_events(self, after_id: int = 0, limit: int = 500) -> list[Event]:
        """Events with id > after_id, ascending, no gap, no duplicate."""

    async def last_event_id(self) -> int: ...

    def events(self, after_id: int | None = None) -> AsyncIterator[Event]:
        """Live feed from `after_id` (None: from now) until close or the consumer stops.
        Other processes' changes arrive within 0.5 s."""

    # -- bulk (optional, capability "bulk") -------------------------------------------------
    async def bulk_load(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Fast load of already-validated rows (seeding, import); returns the count."""

    async def integrity_check(self) -> list[str]:
        """Problems found; [] when the store is sound."""


def require(backend: Backend, capability: str) -> None:
    """Raise Unavailable when `backend` lacks `capability`."""
    if capability not in backend.capabilities:
        from backends.errors import Unavailable

        raise Unavailable(f"the {backend.name} backend has no {capability}")
