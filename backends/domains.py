"""Each domain interface of a backend as its own attribute (`backend.calls`, …).

A backend class written as one object (all domains as its own methods) mixes this in, so a
widget can take `backend.calls` and type it as `Calls` while the code moves to one service per
domain (docs/ARCHITECTURE.md, "Known debts").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backends.calls.api import Calls
    from backends.customers.api import Customers
    from backends.feed.api import Feed
    from backends.people.api import People
    from backends.tickets.api import Tickets
    from backends.transfers.api import Transfers


class DomainViews:
    @property
    def customers(self) -> Customers:
        return self  # type: ignore[return-value]  # the subclass implements the interface

    @property
    def tickets(self) -> Tickets:
        return self  # type: ignore[return-value]

    @property
    def calls(self) -> Calls:
        return self  # type: ignore[return-value]

    @property
    def people(self) -> People:
        return self  # type: ignore[return-value]

    @property
    def transfers(self) -> Transfers:
        return self  # type: ignore[return-value]

    @property
    def feed(self) -> Feed:
        return self  # type: ignore[return-value]
