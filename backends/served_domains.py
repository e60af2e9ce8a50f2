"""The domain attributes of a backend that builds its services from the domain registry (SQLite,
the HTTP client): `backend.domain(key)` and the six typed attributes, written once here
(docs/ARCHITECTURE.md, "The backend: a set of domain services")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, TypeVar

from backends.calls.api import CALLS, Calls
from backends.customers.api import CUSTOMERS, Customers
from backends.domain_registry import DomainKey, service_of
from backends.feed.api import FEED, Feed
from backends.people.api import PEOPLE, People
from backends.tickets.api import TICKETS, Tickets
from backends.transfers.api import TRANSFERS, Transfers

T = TypeVar("T")


class ServedDomains:
    """Mixed into a backend that keeps its services by domain name in `_services`."""

    name: ClassVar[str]
    _services: Mapping[str, object]

    def domain(self, key: DomainKey[T]) -> T:
        return service_of(self._services, key, self.name)

    @property
    def customers(self) -> Customers:
        return self.domain(CUSTOMERS)

    @property
    def tickets(self) -> Tickets:
        return self.domain(TICKETS)

    @property
    def calls(self) -> Calls:
        return self.domain(CALLS)

    @property
    def people(self) -> People:
        return self.domain(PEOPLE)

    @property
    def transfers(self) -> Transfers:
        return self.domain(TRANSFERS)

    @property
    def feed(self) -> Feed:
        return self.domain(FEED)
