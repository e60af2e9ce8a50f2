"""The customers storage on SQLite (backends/customers/storage.py): rows, the phone index
(customer_phones, with the reversed digits for suffix search), the fuzzy search's words and
the searches; persistence only, the rules are the customers service's (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from backends.customers.models import Consent, Customer
from backends.customers.service import CustomersService
from backends.i18n import _
from backends.search_text import name_terms
from backends.sqlite import rows, search
from backends.sqlite.base import fetch_row
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event

T = TypeVar("T")


def get_customer(conn: sqlite3.Connection, customer_id: int) -> Customer:
    return rows.customer(fetch_row(conn, "customers", customer_id, _("customer")))


def customer_with_code(conn: sqlite3.Connection, code: str) -> Customer | None:
    row = conn.execute("SELECT * FROM customers WHERE code = ?", [code]).fetchone()
    return None if row is None else rows.customer(row)


def columns_of(fields: dict[str, Any]) -> dict[str, object]:
    """Field values as the customers table keeps them."""
    columns: dict[str, object] = {}
    for name, value in fields.items():
        if name == "consent":
            consent: Consent = value
            columns["consent_marketing"] = int(consent.marketing)
            columns["consent_recording"] = int(consent.recording)
        elif name in ("phones", "tags"):
            columns[name] = rows.dumps(value)
        else:
            columns[name] = value
    return columns


class SqliteCustomersWriter:
    """`CustomersWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get_customer(self, customer_id: int) -> Customer:
        return get_customer(self.conn, customer_id)

    def customer_with_code(self, code: str) -> Customer | None:
        return customer_with_code(self.conn, code)

    def insert_customer(self, values: dict[str, object]) -> int:
        now = rows.now_ts()
        columns = {**columns_of(values), "created_at": now, "updated_at": now, "version": 1}
        cursor = self.conn.execute(
            f"INSERT INTO customers ({', '.join(columns)}) "
            f"VALUES ({rows.placeholders(list(columns))})", list(columns.values()))
        return int(cursor.lastrowid or 0)

    def set_code(self, customer_id: int, code: str) -> None:
        self.conn.execute("UPDATE customers SET code = ? WHERE id = ?", [code, customer_id])

    def update_if_version(self, customer_id: int, version: int,
                          fields: dict[str, object]) -> bool:
        columns = {**columns_of(fields), "updated_at": rows.now_ts()}
        assignments = ", ".join(f"{c} = ?" for c in columns)
        cursor = self.conn.execute(
            f"UPDATE customers SET {assignments}, version = version + 1 "
            "WHERE id = ? AND version = ?", [*columns.values(), customer_id, version])
        return cursor.rowcount > 0

    def index_phones(self, customer_id: int, old: list[str], new: list[str]) -> None:
        self.conn.executemany("DELETE FROM customer_phones WHERE e164 = ? AND customer_id = ?",
                              [(n, customer_id) for n in old])
        self.conn.executemany(
            "INSERT OR IGNORE INTO customer_phones (e164, customer_id, rev) VALUES (?, ?, ?)",
            [(n, customer_id, n[1:][::-1]) for n in new])

    def remember_words(self, *texts: str | None) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO customer_terms (term) VALUES (?)",
                              [(t,) for t in name_terms(texts)])

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteCustomersStorage:
    """`CustomersStorage` on one SQLite file; lookups run on the lookup path (budgeted.py)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteCustomersWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteCustomersWriter(conn)))

    async def get_customer(self, customer_id: int) -> Customer:
        return await self._store.read(lambda conn: get_customer(conn, customer_id))

    async def customer_with_code(self, code: str) -> Customer | None:
        return await self._store.read(lambda conn: customer_with_code(conn, code))

    async def search_customers(self, query: str, region: str, limit: int) -> list[Customer]:
        return await self._store.read(
            lambda conn: search.search_customers(conn, query, region, limit), lookup=True)

    async def customers_with_phone(self, e164: str) -> list[Customer]:
        return await self._store.read(
            lambda conn: rows.customers_by_ids(conn, search.exact_phone_ids(conn, e164)),
            lookup=True)

    async def customers_by_ids(self, ids: list[int]) -> list[Customer]:
        return await self._store.read(lambda conn: rows.customers_by_ids(conn, ids),
                                      lookup=True)


def service(store: Store, region: str) -> CustomersService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return CustomersService(SqliteCustomersStorage(store), region)
