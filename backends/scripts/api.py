"""The scripts use cases: store the answers given along a call's script, and read them back
(by call, campaign, contact or customer) for the contact's history and the export; link a
campaign to its script by the campaign's id (backends/scripts/linking.py).

A domain interface outside the six typed attributes (docs/ARCHITECTURE.md): reached as
`backend.domain(SCRIPTS)`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.domain_registry import DomainKey

if TYPE_CHECKING:
    from backends.scripts.inputs import ScriptAnswersDraft, ScriptLinkDraft
    from backends.scripts.models import ScriptAnswers, ScriptLink


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

    async def link_script(self, draft: ScriptLinkDraft) -> ScriptLink:
        """The campaign is worked with this script from now on (event `script.linked`). A
        campaign without a link may be linked by any worker (the outbound desk records the
        script it matched by name); changing a link is for supervisors and admins
        (Forbidden otherwise)."""

    async def list_links(self) -> list[ScriptLink]:
        """Every campaign's link, by campaign id."""


SCRIPTS: DomainKey[Scripts] = DomainKey("scripts")
