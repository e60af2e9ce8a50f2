"""The rules of tickets, one set for every store (docs/ARCHITECTURE.md): the escalation tiers
(1 to 3, one step at a time) and what an edit may leave out."""

from __future__ import annotations

from typing import Any

from backends.errors import Invalid
from backends.i18n import _
from backends.tickets.models import Ticket, TicketStatus

HIGHEST_TIER = 3
# fields a ticket cannot lack: an edit that sets them to None leaves them as they are
KEPT_WHEN_NONE = frozenset({"category", "priority", "status", "subject", "tier"})


def next_tier(ticket: Ticket) -> int:
    """The tier an escalation raises the ticket to; Invalid at the highest tier."""
    if ticket.tier >= HIGHEST_TIER:
        raise Invalid("tier", _("ticket {ref} is already at the highest tier (3)").format(
            ref=ticket.ref))
    return ticket.tier + 1


def status_after_escalation(ticket: Ticket) -> TicketStatus | None:
    """An escalated new ticket is open (somebody works on it now); None: unchanged."""
    return TicketStatus.OPEN if ticket.status is TicketStatus.NEW else None


def edited_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """The fields an edit stores: None for a field the ticket cannot lack changes nothing,
    None for the tags empties them."""
    fields: dict[str, Any] = {}
    for name, value in changes.items():
        if name in KEPT_WHEN_NONE and value is None:
            continue
        fields[name] = [] if name == "tags" and value is None else value
    return fields
