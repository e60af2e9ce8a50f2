"""What the customers service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md): compare-and-set on the version, the phone index, the words the fuzzy
search knows, search. `write(work)` is one transaction, its events included; `work` is
synchronous: it runs where the store keeps its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from backends.customers.models import Customer

T = TypeVar("T")


class CustomersWriter(Protocol):
    """Inside one write transaction."""

    def get_customer(self, customer_id: int) -> Customer:
        """NotFound when there is no such customer."""

    def customer_with_code(self, code: str) -> Customer | None: ...

    def insert_customer(self, values: dict[str, object]) -> int:
        """A new customer (field → value, as in `Customer`; `code` may be None until
        `set_code`), created and updated now, version 1; its id."""

    def set_code(self, customer_id: int, code: str) -> None: ...

    def update_if_version(self, customer_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        """Set `fields` and updated_at, bump the version, only if still at `version`."""

    def index_phones(self, customer_id: int, old: list[str], new: list[str]) -> None:
        """The phone index of the customer: `old` numbers out, `new` ones in."""

    def remember_words(self, *texts: str | None) -> None:
        """The words of names and companies, for the fuzzy search."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        """An event of the change feed, committed with the rest."""


class CustomersStorage(Protocol):
    async def write(self, work: Callable[[CustomersWriter], T]) -> T:
        """Run `work` in one transaction."""

    async def get_customer(self, customer_id: int) -> Customer: ...

    async def customer_with_code(self, code: str) -> Customer | None: ...

    async def search_customers(self, query: str, region: str, limit: int) -> list[Customer]:
        """Type-ahead: name, company, code, e-mail, phone digits, then fuzzy; ranked."""

    async def customers_with_phone(self, e164: str) -> list[Customer]:
        """Caller ID: the customers with exactly this number."""

    async def customers_by_ids(self, ids: list[int]) -> list[Customer]:
        """The customers of `ids` in that order, the missing ones left out; one read."""
