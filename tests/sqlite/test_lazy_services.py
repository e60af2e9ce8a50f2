"""SqliteBackend builds a domain's service when it is first used, not when the backend is made
(backends/lazy_services.py): the inbound console never pays for the lab's or the campaigns'
services. A domain registered here counts how often its factory runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from backends.domain_registry import DomainKey, DomainParts, register, unregister
from backends.errors import Unavailable
from backends.lazy_services import LazyServices
from backends.sqlite import SqliteBackend
from backends.sqlite.connection import Store

BUILT: list[str] = []


class Counted:
    def __init__(self, region: str) -> None:
        self.region = region


COUNTED: DomainKey[Counted] = DomainKey("counted")


def counted_service(_store: Store, region: str) -> Counted:
    BUILT.append(region)
    return Counted(region)


@pytest.fixture
def counted_registered() -> Iterator[None]:
    here = __name__
    BUILT.clear()
    register(DomainParts("counted", sqlite=f"{here}:counted_service", router="", http=""))
    try:
        yield
    finally:
        unregister("counted")


async def test_a_service_is_built_on_first_use_only(counted_registered: None,
                                                     tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "lazy.db", region="HU") as store:
        await store.customers.search_customers("anyone")
        assert BUILT == [], "built before anyone used it"
        first = store.domain(COUNTED)
        assert store.domain(COUNTED) is first
        assert BUILT == ["HU"]


def test_two_threads_asking_at_once_get_one_service() -> None:
    started = threading.Barrier(8)
    calls: list[int] = []

    def slow_factory() -> object:
        calls.append(1)
        return object()

    services = LazyServices({"slow": slow_factory})
    got: list[object] = []

    def ask() -> None:
        started.wait()
        got.append(services["slow"])

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(calls) == 1
    assert len(got) == 8 and all(service is got[0] for service in got)


async def test_an_unknown_domain_is_still_unavailable(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "lazy.db") as store:
        with pytest.raises(Unavailable):
            store.domain(DomainKey[object]("nowhere"))
