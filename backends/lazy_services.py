"""Domain services built on first use: a console on the inbound desk never touches the
training lab's or the campaigns' services, and building them imports their models, storage and
rules (tens of milliseconds and megabytes at start-up, docs/ARCHITECTURE.md "Start-up")."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping


class LazyServices(Mapping[str, object]):
    """A read-only mapping of domain name → service; each built by its factory when first
    looked up, once, also when two threads look it up together."""

    def __init__(self, factories: Mapping[str, Callable[[], object]]) -> None:
        self._factories = dict(factories)
        self._built: dict[str, object] = {}
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> object:
        try:
            return self._built[name]
        except KeyError:
            pass
        factory = self._factories[name]  # KeyError for a domain that is not served
        with self._lock:
            if name not in self._built:
                self._built[name] = factory()
            return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def built(self) -> list[str]:
        """Names of the services built so far (for tests and start-up measurements)."""
        return list(self._built)
