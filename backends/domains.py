"""Each domain interface of a backend as its own attribute (`backend.calls`, …), and the flat
methods (`backend.claim_call`, …) of a backend composed of domain services.

A backend class written as one object (all domains as its own methods) mixes in `DomainViews`,
so a widget can take `backend.calls` and type it as `Calls` while the code moves to one service
per domain. A backend composed by assignment (`self.calls = …`, the rt backend) mixes in
`FlatMethods`, which answers each flat method with the domain service that declares it, so
today's callers of the flat methods keep working. Both go once every caller uses
`backend.<domain>` (docs/ARCHITECTURE.md, "Known debts").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from backends.calls.api import Calls
from backends.customers.api import Customers
from backends.feed.api import Feed
from backends.people.api import People
from backends.tickets.api import Tickets
from backends.transfers.api import Transfers

DOMAIN_INTERFACES: dict[str, type] = {
    "customers": Customers, "tickets": Tickets, "calls": Calls, "people": People,
    "transfers": Transfers, "feed": Feed}


def _declared(interface: type) -> list[str]:
    return sorted(name for name in vars(interface)
                  if not name.startswith("_") and callable(vars(interface)[name]))


# method name → the domain attribute whose interface declares it
DOMAIN_OF: dict[str, str] = {name: domain for domain, interface in DOMAIN_INTERFACES.items()
                             for name in _declared(interface)}


class DomainViews:
    """Each domain is the backend object itself: its class implements every interface (the
    conformance suite checks it), which the type checker cannot see through a mixin, hence the
    casts."""

    @property
    def customers(self) -> Customers:
        return cast(Customers, self)

    @property
    def tickets(self) -> Tickets:
        return cast(Tickets, self)

    @property
    def calls(self) -> Calls:
        return cast(Calls, self)

    @property
    def people(self) -> People:
        return cast(People, self)

    @property
    def transfers(self) -> Transfers:
        return cast(Transfers, self)

    @property
    def feed(self) -> Feed:
        return cast(Feed, self)


class FlatMethods:
    """`backend.claim_call(…)` is `backend.calls.claim_call(…)`, for every method a domain
    interface declares that the backend does not define itself."""

    if not TYPE_CHECKING:  # to the type checker, the flat names are the interfaces' own

        def __getattr__(self, name: str) -> Any:
            domain = DOMAIN_OF.get(name)
            if domain is None:
                raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")
            return getattr(object.__getattribute__(self, domain), name)

