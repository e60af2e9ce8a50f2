"""What the scripts service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). `write(work)` is one transaction; `work` is synchronous."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from backends.people.models import Role
from backends.scripts.models import ScriptAnswers, ScriptLink

T = TypeVar("T")


class ScriptsWriter(Protocol):
    def insert_answers(self, values: dict[str, Any]) -> ScriptAnswers | None:
        """None when the call's answers are already stored."""

    def call_exists(self, call_id: int) -> bool: ...

    def link_of(self, campaign_id: int) -> ScriptLink | None: ...

    def put_link(self, values: dict[str, Any]) -> ScriptLink:
        """Stored, replacing the campaign's link if it had one."""

    def role_of(self, name: str) -> Role | None: ...

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class ScriptsStorage(Protocol):
    async def write(self, work: Callable[[ScriptsWriter], T]) -> T: ...

    async def list_answers(self, *, call_id: int | None, campaign_id: int | None,
                           contact_id: int | None, customer_id: int | None,
                           limit: int) -> list[ScriptAnswers]:
        """Newest first."""

    async def list_links(self) -> list[ScriptLink]:
        """By campaign id."""
