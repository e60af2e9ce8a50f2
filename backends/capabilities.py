"""What a backend can do, typed (docs/ARCHITECTURE.md, "The backend").

A domain is present or not (`backend.domain(key)` answers or raises Unavailable); a capability
says what a present store can do beyond its interface's core, for stores that carry a domain
only in part: a helpdesk without operators, a store without ranked search or bulk loads.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Capability(StrEnum):
    CUSTOMERS = "customers"
    TICKETS = "tickets"
    CALLS = "calls"
    DIRECTORY = "directory"
    OPERATORS = "operators"  # operators can be listed and managed, not only signed in
    TRANSFERS = "transfers"
    EVENTS = "events"  # a change feed
    FTS = "fts"  # ranked full-text customer search
    BULK = "bulk"  # fast bulk load (seeding, import)


ALL_CAPABILITIES: frozenset[Capability] = frozenset(Capability)


def capabilities_from(names: Iterable[str]) -> frozenset[Capability]:
    """The capabilities among `names` that this version knows (a newer server may name more)."""
    known = {c.value for c in Capability}
    return frozenset(Capability(name) for name in names if name in known)
