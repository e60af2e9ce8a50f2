"""The customers domain over HTTP: backends/customers/api.py `Customers`, spoken to the
server's routes_customers. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from backends import phones
from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.customers.models import Customer
from backends.http import encode
from backends.http.connection import Connection


class HttpCustomers:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def create_customer(self, draft: CustomerDraft) -> Customer:
        # only the fields given: a language left out is the server's to choose (from the number)
        return await self._c.call("POST", "/v1/customers", Customer, body=encode.changes(draft))

    async def get_customer(self, customer_id: int) -> Customer:
        return await self._c.get(f"/v1/customers/{int(customer_id)}", Customer)

    async def get_customer_by_code(self, code: str) -> Customer:
        return await self._c.get(f"/v1/customers/by-code/{encode.segment(code)}", Customer)

    async def update_customer(self, customer_id: int, version: int,
                              changes: CustomerChanges) -> Customer:
        return await self._c.call("PATCH", f"/v1/customers/{int(customer_id)}", Customer,
                                  body=encode.changes(changes), if_match=version)

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        return await self._c.call("POST", "/v1/customers/search", list[Customer],
                                  body={"q": encode.search_text(query), "limit": limit},
                                  write=False)

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        # normalised here, with the console's region, so the server's region does not matter
        if len(number) > phones.MAX_INPUT_LENGTH:
            return []  # no number is that long (the server would refuse to look)
        normalised = phones.try_normalize(number) or number
        return await self._c.call("POST", "/v1/customers/by-phone", list[Customer],
                                  body={"number": normalised}, write=False)
