"""The Backend protocol: what the screens and the CLI may ask of any store.

A backend is a set of domain services, one per interface of `backends/<domain>/api.py`,
reached as `backend.customers`, `backend.tickets`, `backend.calls`, `backend.people`,
`backend.transfers` and `backend.feed`; widgets take the one they need. The backend itself
only opens and closes, loads in bulk and checks its store (docs/ARCHITECTURE.md).

Every domain method is async and raises only the errors of `backends.errors`. A backend
declares what it can do in `capabilities` (typed: backends/capabilities.py); a missing
capability means the methods of that group raise `Unavailable`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, TypeVar, runtime_checkable

from backends.calls.api import Calls
from backends.capabilities import ALL_CAPABILITIES, Capability
from backends.customers.api import Customers
from backends.domain_registry import DomainKey
from backends.feed.api import Feed
from backends.people.api import People
from backends.tickets.api import Tickets
from backends.transfers.api import Transfers

if TYPE_CHECKING:
    from backends.backend_options import BackendOptions

T = TypeVar("T")
__all__ = ["ALL_CAPABILITIES", "Backend", "Capability", "require"]



@runtime_checkable
class Backend(Protocol):
    name: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]]

    # -- construction and lifecycle -----------------------------------------------------------
    @classmethod
    def from_url(cls, url: str, options: BackendOptions) -> Self:
        """A backend for `url` (its scheme chose this class), not yet opened."""

    async def open(self) -> None:
        """Connect, migrate, warm up. Called once before anything else."""

    async def close(self) -> None:
        """Release connections and threads. Safe to call twice."""

    # -- the domains ----------------------------------------------------------------------------
    @property
    def customers(self) -> Customers: ...

    @property
    def tickets(self) -> Tickets: ...

    @property
    def calls(self) -> Calls: ...

    @property
    def people(self) -> People: ...

    @property
    def transfers(self) -> Transfers: ...

    @property
    def feed(self) -> Feed: ...

    def domain(self, key: DomainKey[T]) -> T:
        """The service of any registered domain (backends/domain_registry.py), typed by its
        key; Unavailable when this backend does not provide it. The six above are also
        `backend.domain(CALLS)` and so on."""

    # -- bulk (optional, capability "bulk") -------------------------------------------------
    async def bulk_load(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Fast load of already-validated rows (seeding, import); returns the count."""

    async def integrity_check(self) -> list[str]:
        """Problems found; [] when the store is sound."""


def require(backend: Backend, capability: Capability) -> None:
    """Raise Unavailable when `backend` lacks `capability`."""
    if capability not in backend.capabilities:
        from backends.errors import Unavailable

        raise Unavailable(f"the {backend.name} backend has no {capability}")
