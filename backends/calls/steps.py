"""The calls domain's steps that other domains' services run inside their own transaction
(docs/ARCHITECTURE.md, "Import rules": a domain's `api`, `models` and `steps` are what others
may import). A transfer ends one call and starts another; the operators' presences follow
those calls by the calls domain's rule, run here for every store, never wired in storage.
"""

from __future__ import annotations

from typing import Any, Protocol

from backends.calls import rules
from backends.calls.models import CallState
from backends.people.models import Presence


class PresenceWriter(Protocol):
    """What the steps need of a transaction (the calls domain's CallsWriter has it)."""

    def presence_of(self, operator: str) -> tuple[Presence, str | None] | None:
        """(presence, pause reason) of an operator; None for a name that is none."""

    def set_presence(self, operator: str, presence: Presence, reason: str | None) -> None:
        """Presence, pause reason and since-when of an operator (version bumped)."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        """An event of the change feed, committed with the rest."""


def follow_presence(tx: PresenceWriter, operator: str | None, state: CallState) -> None:
    """Move the operator's presence with their call (rules.presence_following); nothing for
    names that are not operators."""
    if not operator:
        return
    current = tx.presence_of(operator)
    if current is None:
        return
    presence = rules.presence_following(state, current[0])
    if presence is None:
        return
    tx.set_presence(operator, presence, None)
    tx.append_event("operator.presence", f"operator:{operator}",
                    {"presence": presence.value, "from": current[0].value})
