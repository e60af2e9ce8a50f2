"""What a composed backend does before its calls store records a reference to a record kept
elsewhere (docs/ARCHITECTURE.md): the rt backend's customers and tickets live in Request
Tracker, its calls in a local store, which needs a local stand-in row for each one a call
names. A `CallsService` given `CallReferences` runs them before each write that names one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from backends.calls.inputs import CallChanges, CallDraft



class CallReferences(Protocol):
    async def new_call(self, draft: CallDraft) -> CallDraft:
        """The draft as the store should record it (e.g. the customer matched by phone where
        the customers are), after making sure the customer it names can be referenced."""

    async def call_changes(self, changes: CallChanges) -> None:
        """Make sure the customer and tickets the changes name can be referenced."""
