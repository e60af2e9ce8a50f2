"""The http client is one module per domain (backends/http/<domain>.py) over one connection:
`backend.customers`, `backend.calls`, … implement the domain interfaces; the backend itself
has none of their methods."""

from __future__ import annotations

import pytest

from backends.calls.api import Calls
from backends.customers.api import Customers
from backends.feed.api import Feed
from backends.http import HttpBackend
from backends.people.api import People
from backends.protocol import Backend
from backends.tickets.api import Tickets
from backends.transfers.api import Transfers

DOMAINS = [("customers", Customers), ("tickets", Tickets), ("calls", Calls),
           ("people", People), ("transfers", Transfers), ("feed", Feed)]


@pytest.mark.parametrize(("attribute", "interface"), DOMAINS)
def test_each_domain_is_its_own_client(attribute: str, interface: type) -> None:
    backend = HttpBackend("http://127.0.0.1:9")
    domain = getattr(backend, attribute)
    assert isinstance(domain, interface)
    assert type(domain).__module__ == f"backends.http.{attribute}"
    assert domain is not backend


def test_the_backend_is_a_backend() -> None:
    backend: Backend = HttpBackend("http://127.0.0.1:9")
    assert isinstance(backend, Backend)


def test_no_domain_method_is_the_backends_own() -> None:
    """A backend is a set of domain services: `backend.claim_call` is gone, only
    `backend.calls.claim_call` is there."""
    backend = HttpBackend("http://127.0.0.1:9")
    for _attribute, interface in DOMAINS:
        for name in [n for n in vars(interface) if not n.startswith("_")]:
            assert not hasattr(backend, name), name
