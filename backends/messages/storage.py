"""What the messages service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). `write(work)` is one transaction: the message and its events are
committed together. `work` is synchronous: it runs where the store keeps its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.messages.models import Message
from backends.people.models import Role

T = TypeVar("T")


class MessagesWriter(Protocol):
    """Inside one write transaction."""

    now: datetime  # the transaction's clock (UTC)

    def recipient(self, name: str) -> tuple[str, str | None] | None:
        """(name as the house spells it, e-mail address or None) of the operator by this login
        or else the directory entry by this name (without case); None when neither exists."""

    def call_facts(self, call_id: int) -> tuple[str, int | None]:
        """(caller number, customer id) of a call; NotFound when there is no such call."""

    def role_of(self, name: str) -> Role | None: ...

    def insert_message(self, values: dict[str, object]) -> int: ...

    def get_message(self, message_id: int) -> Message:
        """NotFound when there is no such message."""

    def update_if_version(self, message_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        """Set `fields` and bump the version only if it is still `version`."""

    def due_mail(self, now: datetime, limit: int) -> list[Message]:
        """Not mailed, with an address, and not before `now` (next_mail_at), oldest first."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class MessagesStorage(Protocol):
    async def write(self, work: Callable[[MessagesWriter], T]) -> T: ...

    async def get_message(self, message_id: int) -> Message: ...

    async def inbox(self, recipient: str, include_done: bool, limit: int) -> list[Message]:
        """For `recipient` (without case), newest first."""

    async def unread_count(self, recipient: str) -> int:
        """Neither read nor done."""

    async def for_customer(self, customer_id: int, limit: int) -> list[Message]: ...
