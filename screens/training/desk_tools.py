"""The domain interfaces the trainee's console needs when the trainee works at the real desk
(screens/training/trainee_screen.py; docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from dataclasses import dataclass

from backends.calls.api import Calls
from backends.customers.api import Customers
from backends.feed.api import Feed
from backends.tickets.api import Tickets


@dataclass(frozen=True)
class DeskTools:
    calls: Calls
    customers: Customers
    tickets: Tickets
    feed: Feed
