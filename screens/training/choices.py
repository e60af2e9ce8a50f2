"""What the trainee's prompts offer: every value any scenario of the library expects, so the
right one has to be chosen among plausible ones (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from typing import Any

from backends.i18n import NC_, _
from backends.tickets.models import TicketCategory, TicketPriority
from backends.training.catalog import Library
from backends.training.scenarios import Action
from screens.common.directory_names import department_name
from screens.common.render import outcome_label, ticket_category_label, ticket_priority_label

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


def category_name(value: str) -> str:
    """A ticket category in the trainee's language (a scenario's own one as it is written)."""
    known = {c.value for c in TicketCategory}
    return ticket_category_label(TicketCategory(value)) if value in known else value


def priority_name(value: str) -> str:
    known = {p.value for p in TicketPriority}
    return ticket_priority_label(TicketPriority(value)) if value in known else value


def value_name(library: Library, kind: Action, value: str) -> str:
    """How the value of an action reads for a person: what the prompts offer and the caller
    pane shows ("When the contract ends", not contract_end); the key itself is what a
    scenario expects and the lab records."""
    match kind:
        case Action.INFO | Action.WRONG_INFO:
            return library.topic("info", value)
        case Action.SCRIPT:
            return library.topic("script", value)
        case Action.TRANSFER | Action.WRONG_TRANSFER:
            return department_name(value)
        case Action.OUTCOME:
            return outcome_label(value)
        case Action.TICKET:
            category, _sep, priority = value.partition(":")
            return " · ".join(part for part in (category_name(category),
                                                priority_name(priority)) if part)
    return value
