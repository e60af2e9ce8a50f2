"""A test wrapper's view of one domain service of the real backend it wraps (`backend.calls`,
…): every attribute read on it is handed to the wrapper's `wrap(name, real)`, which may record,
hold or break that method (docs/ARCHITECTURE.md: a backend is a set of domain services)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# the domain attributes of a backend (backends/protocol.py)
DOMAINS = frozenset({"customers", "tickets", "calls", "people", "transfers", "feed"})

Wrap = Callable[[str, Any], Any]


class DomainProxy:
    def __init__(self, service: Any, wrap: Wrap) -> None:
        self._service = service
        self._wrap = wrap

    def __getattr__(self, name: str) -> Any:
        return self._wrap(name, getattr(self._service, name))


def attribute_through(backend: Any, name: str, wrap: Wrap) -> Any:
    """`backend.<name>`: a domain service behind a DomainProxy, anything else as it is."""
    real = getattr(backend, name)
    return DomainProxy(real, wrap) if name in DOMAINS else real
