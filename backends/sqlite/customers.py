"""Customers on SQLite: the flat `Backend` methods, each a one-line delegation to the customers
service (backends/customers/service.py) over SQLite storage (customers_storage.py), kept while
callers move to `backend.customers` (docs/ARCHITECTURE.md, "Known debts")."""

from __future__ import annotations

from backends.customers.api import Customers
from backends.customers.models import Customer, CustomerChanges, CustomerDraft
from backends.sqlite.base import SqliteBase


class CustomersMixin(SqliteBase):
    _customers: Customers  # set by SqliteBackend

    async def create_customer(self, draft: CustomerDraft) -> Customer:
        return await self._customers.create_customer(draft)

    async def get_customer(self, customer_id: int) -> Customer:
        return await self._customers.get_customer(customer_id)

    async def get_customer_by_code(self, code: str) -> Customer:
        return await self._customers.get_customer_by_code(code)

    async def update_customer(self, customer_id: int, version: int,
                              changes: CustomerChanges) -> Customer:
        return await self._customers.update_customer(customer_id, version, changes)

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        return await self._customers.search_customers(query, limit)

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        return await self._customers.find_customers_by_phone(number)
