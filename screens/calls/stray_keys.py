"""Text typed with the focus on no text field never vanishes (the main screen's on_key): an
Enter or a character goes to the ticket being opened or in view (its note), else a character
starts or goes on with a customer lookup (type-to-search). (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from collections.abc import Container

from textual import events

from screens.tickets.ticket_desk import TicketDesk
from screens.work_area import WorkArea


def take_stray_key(event: events.Key, tickets: TicketDesk, work_area: WorkArea,
                   bindings: Container[str]) -> bool:
    """True when the key was taken (the caller stops it)."""
    if tickets.typed_ahead_key(event.key):
        return True
    if not (event.is_printable and event.character and event.character.isprintable()
            and event.key not in bindings):
        return False
    return tickets.stray_text(event.character) or _search_for(work_area, event.character)


def _search_for(work_area: WorkArea, character: str) -> bool:
    """Type-to-search: a character no field took starts (or goes on with) a lookup."""
    from screens.customers.customer_lookup import CustomerLookup

    lookup = work_area.built("lookup")
    if not isinstance(lookup, CustomerLookup):
        return False
    if not lookup.region.area:
        work_area.show_pane("lookup", focus=False)
    lookup.type_in(character)
    return True
