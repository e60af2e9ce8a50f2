"""What the trainee's prompts offer: every value any scenario of the library expects, so the
right one has to be chosen among plausible ones (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from typing import Any

from backends.i18n import NC_, _
from backends.tickets.models import TicketCategory
from backends.training.catalog import Library
from backends.training.scenarios import Action

# the departments every transfer prompt offers, by key (what a scenario expects); shown in the
# trainee's language (screens/common/directory_names.py)
DEPARTMENTS = (NC_("department", "Sales"), NC_("department", "Billing"),
               NC_("department", "Technical support"), NC_("department", "Logistics"))
PRIORITIES = ("low", "normal", "high", "urgent")
TIERS = ("1", "2", "3")


def _names(records: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in records.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                found.append(item["name"])
    return found


def choices(library: Library, action: Action) -> list[str]:
    expects = [s.expect for s in library.scenarios.values()]
    match action:
        case Action.IDENTIFY | Action.MESSAGE:
            return [n for s in library.scenarios.values() for n in _names(s.records)]
        case Action.INFO:
            return [e.info for e in expects if e.info]
        case Action.ESCALATE:
            return list(TIERS)
        case Action.TRANSFER:
            return [*DEPARTMENTS, *(e.transfer for e in expects if e.transfer)]
        case Action.SCRIPT:
            return [step for e in expects for step in e.script]
        case Action.OUTCOME:
            return [e.outcome for e in expects if e.outcome]
    return []


def category_choices(library: Library) -> list[str]:
    """The desk's ticket categories (and any other a scenario of the library expects)."""
    return [*(c.value for c in TicketCategory),
            *(s.expect.category for s in library.scenarios.values() if s.expect.category)]


def question(action: Action) -> str:
    return {
        Action.IDENTIFY: _("Which customer is calling?"),
        Action.INFO: _("Which information do you give?"),
        Action.ESCALATE: _("Escalate to which tier?"),
        Action.TRANSFER: _("Transfer to which department?"),
        Action.MESSAGE: _("A message for whom?"),
        Action.SCRIPT: _("Which step of the script?"),
        Action.OUTCOME: _("The call's outcome?"),
    }.get(action, "")


ASKED = frozenset({Action.IDENTIFY, Action.INFO, Action.ESCALATE, Action.TRANSFER,
                   Action.MESSAGE, Action.SCRIPT, Action.OUTCOME, Action.TICKET})
PRIORITY_CHOICES = list(PRIORITIES)
