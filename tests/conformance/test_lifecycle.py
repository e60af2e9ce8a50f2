"""What every backend declares and how it opens, checks itself and closes."""

from __future__ import annotations

import asyncio

import pytest

from backends.calls.api import Calls
from backends.customers.api import Customers
from backends.domain_registry import DomainKey
from backends.errors import Unavailable
from backends.feed.api import Feed
from backends.people.api import People
from backends.protocol import ALL_CAPABILITIES, Backend, Capability, require
from backends.tickets.api import Tickets
from backends.transfers.api import Transfers
from tests.conformance.helpers import active_call, customer, ticket


async def test_declares_name_and_capabilities(backend: Backend) -> None:
    assert isinstance(backend, Backend)
    assert isinstance(type(backend).name, str) and type(backend).name
    assert isinstance(type(backend).capabilities, frozenset)
    assert type(backend).capabilities <= ALL_CAPABILITIES
    for capability in backend.capabilities:
        require(backend, capability)  # does not raise
    assert all(isinstance(capability, Capability) for capability in backend.capabilities)
    missing = ALL_CAPABILITIES - backend.capabilities
    for capability in missing:
        with pytest.raises(Unavailable):
            require(backend, capability)


DOMAINS: list[tuple[str, type]] = [
    ("customers", Customers), ("tickets", Tickets), ("calls", Calls), ("people", People),
    ("transfers", Transfers), ("feed", Feed)]


async def test_is_a_set_of_domain_services(backend: Backend) -> None:
    """Each domain is a service of its own implementing its interface; the backend itself
    answers none of their methods (no flat `backend.claim_call`)."""
    for attribute, interface in DOMAINS:
        service = getattr(backend, attribute)
        assert isinstance(service, interface), attribute
        assert service is not backend, attribute
        assert backend.domain(DomainKey[object](attribute)) is service, attribute
        for name in [n for n in vars(interface) if not n.startswith("_")]:
            assert not hasattr(backend, name), name


async def test_integrity_check_is_clean_after_work(backend: Backend) -> None:
    assert await backend.integrity_check() == []
    rossi = await customer(backend, "Mario Rossi", phones=["+39 06 1234 5678"])
    await ticket(backend, "Line down", customer_id=rossi.id, body="first note")
    await active_call(backend, "anna")
    assert await backend.integrity_check() == []


async def test_close_is_safe_twice(backend: Backend) -> None:
    await customer(backend, "Mario Rossi")
    await backend.close()
    await backend.close()  # and the fixture closes it once more


async def test_close_ends_a_live_feed(backend: Backend) -> None:
    feed = backend.feed.events(await backend.feed.last_event_id())
    pending = asyncio.ensure_future(anext(feed))
    await asyncio.sleep(0.1)  # the consumer is now waiting for an event
    await backend.close()
    with pytest.raises((StopAsyncIteration, Unavailable)):
        await asyncio.wait_for(pending, 2.0)
