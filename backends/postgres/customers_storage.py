"""The customers storage on PostgreSQL (backends/customers/storage.py): rows, the E.164 phone
index (customer_phones, with the reversed digits for suffix search), the fuzzy search's words
and the searches (search.py); persistence only, the rules are the customers service's
(docs/ARCHITECTURE.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from psycopg.types.json import Jsonb

from backends.customers.models import Consent, Customer
from backends.customers.service import CustomersService
from backends.i18n import _
from backends.postgres import rows, search
from backends.postgres.connection import Conn, PgStore
from backends.postgres.events import append_event
from backends.search_text import name_terms

T = TypeVar("T")


def get_customer(conn: Conn, customer_id: int) -> Customer:
    return rows.customer(rows.fetch_row(conn, "customers", customer_id, _("customer")))


def customer_with_code(conn: Conn, code: str) -> Customer | None:
    row = conn.execute(f"SELECT {rows.columns('customers')} FROM customers WHERE code = %s",
                       [code]).fetchone()
    return None if row is None else rows.customer(row)


def columns_of(fields: dict[str, Any]) -> dict[str, object]:
    """Field values as the customers table keeps them."""
    columns: dict[str, object] = {}
    for name, value in fields.items():
        if name == "consent":
            consent: Consent = value
            columns["consent_marketing"] = consent.marketing
            columns["consent_recording"] = consent.recording
        elif name in ("phones", "tags"):
            columns[name] = Jsonb(list(value))
        else:
            columns[name] = rows.column_value(value)
    return columns


def remember_words(conn: Conn, texts: tuple[str | None, ...]) -> None:
    terms = sorted(name_terms(texts))
    if terms:
        conn.execute("INSERT INTO customer_terms (term) SELECT unnest(%s::text[]) "
                     "ON CONFLICT DO NOTHING", [terms])


class PgCustomersWriter:
    """`CustomersWriter` on the connection of one write transaction."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    def get_customer(self, customer_id: int) -> Customer:
        return get_customer(self.conn, customer_id)

    def customer_with_code(self, code: str) -> Customer | None:
        return customer_with_code(self.conn, code)

    def insert_customer(self, values: dict[str, object]) -> int:
        now = rows.now()
        columns = {**columns_of(values), "created_at": now, "updated_at": now, "version": 1}
        marks = ", ".join(["%s"] * len(columns))
        row = self.conn.execute(
            f"INSERT INTO customers ({', '.join(columns)}) VALUES ({marks}) RETURNING id",
            list(columns.values())).fetchone()
        assert row is not None
        return int(row["id"])

    def set_code(self, customer_id: int, code: str) -> None:
        self.conn.execute("UPDATE customers SET code = %s WHERE id = %s", [code, customer_id])

    def update_if_version(self, customer_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        columns = {**columns_of(fields), "updated_at": rows.now()}
        assignments = ", ".join(f"{c} = %s" for c in columns)
        return self.conn.execute(
            f"UPDATE customers SET {assignments}, version = version + 1 "
            "WHERE id = %s AND version = %s",
            [*columns.values(), customer_id, version]).rowcount > 0

    def index_phones(self, customer_id: int, old: list[str], new: list[str]) -> None:
        if old:
            self.conn.execute("DELETE FROM customer_phones WHERE customer_id = %s "
                              "AND e164 = ANY(%s)", [customer_id, old])
        if new:
            self.conn.execute(
                "INSERT INTO customer_phones (e164, customer_id, rev) "
                "SELECT n, %s, reverse(substr(n, 2)) FROM unnest(%s::text[]) AS n "
                "ON CONFLICT DO NOTHING", [customer_id, new])

    def remember_words(self, *texts: str | None) -> None:
        remember_words(self.conn, texts)

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class PgCustomersStorage:
    """`CustomersStorage` on one PostgreSQL database."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    async def write(self, work: Callable[[PgCustomersWriter], T]) -> T:
        return await self._store.write(lambda conn: work(PgCustomersWriter(conn)))

    async def get_customer(self, customer_id: int) -> Customer:
        return await self._store.statement(lambda conn: get_customer(conn, customer_id))

    async def customer_with_code(self, code: str) -> Customer | None:
        return await self._store.read(lambda conn: customer_with_code(conn, code))

    async def search_customers(self, query: str, region: str, limit: int) -> list[Customer]:
        words = search.quick_words(query, limit)
        # the usual type-ahead in one statement outside a transaction; the rest (and what
        # that statement cannot settle) in one REPEATABLE READ transaction, as before
        if words is not None:
            quick = await self._store.statement(
                lambda conn: search.quick_names(conn, words, limit))
            if quick is not None:
                return quick
        return await self._store.read(
            lambda conn: search.search_customers(conn, query, region, limit))

    async def customers_with_phone(self, e164: str) -> list[Customer]:
        return await self._store.read(
            lambda conn: rows.customers_by_ids(conn, search.exact_phone_ids(conn, e164)))

    async def customers_by_ids(self, ids: list[int]) -> list[Customer]:
        # one statement: on the event loop, no transaction (PgStore.statement)
        return await self._store.statement(lambda conn: rows.customers_by_ids(conn, ids))


def service(store: PgStore, region: str) -> CustomersService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return CustomersService(PgCustomersStorage(store), region)
