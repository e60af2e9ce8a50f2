"""The messages use cases (docs/ARCHITECTURE.md, "Adding a domain"): take a message for a
colleague or a department, their inbox, and the e-mail path. A backend offers it as
`backend.domain(MESSAGES)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey
from backends.messages.models import Message

if TYPE_CHECKING:
    from backends.messages.inputs import MessageDraft


@runtime_checkable
class Messages(Protocol):
    async def take_message(self, draft: MessageDraft) -> Message:
        """Invalid when the recipient is unknown or the message says nothing; the number and
        the customer come from the call when it names one."""

    async def get_message(self, message_id: int) -> Message: ...

    async def inbox(self, recipient: str, *, include_done: bool = False) -> list[Message]:
        """Messages for `recipient` (names without case), newest first."""

    async def unread_count(self, recipient: str) -> int: ...

    async def for_customer(self, customer_id: int) -> list[Message]:
        """The messages a known caller left, newest first (their history)."""

    async def mark_read(self, message_id: int, by: str) -> Message: ...

    async def mark_done(self, message_id: int, by: str) -> Message:
        """Forbidden unless `by` is the recipient, a receptionist, supervisor or admin."""

    async def claim_mail(self, limit: int = 20) -> list[Message]:
        """Messages due to be mailed now, claimed for this sender for a while (no other
        sender gets them meanwhile)."""

    async def record_mail(self, message_id: int, error: str | None = None) -> Message:
        """The outcome of one attempt: mailed (error None) or failed with `error`, tried again
        later."""


MESSAGES: DomainKey[Messages] = DomainKey("messages")
