"""The scripts use cases: store the answers given along a call's script, and read them back
(by call, campaign, contact or customer) for the contact's history and the export.

A domain interface outside the six typed attributes (docs/ARCHITECTURE.md): reached as
`backend.domain(SCRIPTS)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey

if TYPE_CHECKING:
    from backends.scripts.models import ScriptAnswers, ScriptAnswersDraft


@runtime_checkable
class Scripts(Protocol):
    async def record_answers(self, draft: ScriptAnswersDraft) -> ScriptAnswers:
        """Stored with its call (event `script.answered`). Invalid for a call that does not
        exist or a step answered twice; Conflict when the call's answers are already stored."""

    async def list_answers(self, *, call_id: int | None = None,
                           campaign_id: int | None = None, contact_id: int | None = None,
                           customer_id: int | None = None,
                           limit: int = 100) -> list[ScriptAnswers]:
        """Newest first, filtered by whatever is given."""


SCRIPTS: DomainKey[Scripts] = DomainKey("scripts")
