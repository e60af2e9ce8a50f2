"""The customers use cases the screens and the CLI call: create, read, edit, search,
caller-ID match.

One of the domain interfaces a backend provides (docs/ARCHITECTURE.md): a backend offers
it as `backend.customers`. Every method is async and raises only `backends.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.customers.models import Customer
from backends.domain_registry import DomainKey

if TYPE_CHECKING:
    from backends.customers.inputs import CustomerChanges, CustomerDraft


@runtime_checkable
class Customers(Protocol):
    async def create_customer(self, draft: CustomerDraft) -> Customer: ...

    async def get_customer(self, customer_id: int) -> Customer: ...

    async def get_customer_by_code(self, code: str) -> Customer: ...

    async def update_customer(
        self, customer_id: int, version: int, changes: CustomerChanges
    ) -> Customer:
        """Apply the fields set in `changes` if the stored version is `version`, else Conflict."""

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        """Type-ahead: name prefix or words, phone in any format, email, customer code.

        Any text is accepted: quotes, `*`, `NEAR`, `AND` are searched literally, never parsed.
        """

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        """Caller-ID match: every customer with this number (any format); [] when none."""


@runtime_checkable
class CustomersByIds(Protocol):
    """Customers read by id in a given order, in one read: a server rebuilds a kept search
    answer from its ranked ids with it (backends/server/ranked_ids.py). The stores' service
    (backends/customers/service.py) offers it; the HTTP client need not."""

    async def customers_by_ids(self, ids: list[int]) -> list[Customer]: ...


CUSTOMERS: DomainKey[Customers] = DomainKey("customers")
