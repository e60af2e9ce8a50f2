"""Customers: create, read, optimistic update, caller-ID and type-ahead search."""

from __future__ import annotations

import sqlite3

from backends import phones
from backends.errors import Conflict, NotFound
from backends.i18n import _
from backends.models import Customer, CustomerChanges, CustomerDraft
from backends.sqlite import rows, search
from backends.sqlite.base import SqliteBase, fetch_row, revalidate
from backends.sqlite.events import append_event


def auto_code(customer_id: int) -> str:
    return f"C{customer_id:07d}"


def store_phones(conn: sqlite3.Connection, customer_id: int, numbers: list[str]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO customer_phones (e164, customer_id, rev) VALUES (?, ?, ?)",
        [(n, customer_id, n[1:][::-1]) for n in numbers])


def store_terms(conn: sqlite3.Connection, *texts: str | None) -> None:
    """Remember the words of names and companies for the fuzzy fallback."""
    terms = search.name_terms(texts)
    conn.executemany("INSERT OR IGNORE INTO customer_terms (term) VALUES (?)",
                     [(t,) for t in terms])


def get_customer(conn: sqlite3.Connection, customer_id: int) -> Customer:
    return rows.customer(fetch_row(conn, "customers", customer_id, _("customer")))


class CustomersMixin(SqliteBase):
    def _normalize_phones(self, numbers: list[str]) -> list[str]:
        out: list[str] = []
        for position, raw in enumerate(numbers):
            number = phones.normalize(raw, self.region, field=f"phones.{position}")
            if number not in out:
                out.append(number)
        return out

    async def create_customer(self, draft: CustomerDraft) -> Customer:
        # national numbers are read with this store's region before the model sees them
        draft = revalidate(draft.model_copy(
            update={"phones": self._normalize_phones(draft.phones or [])}))
        numbers = draft.phones

        def write(conn: sqlite3.Connection) -> Customer:
            if draft.code:
                row = conn.execute("SELECT * FROM customers WHERE code = ?",
                                   [draft.code]).fetchone()
                if row is not None:
                    raise Conflict(_("customer code {code} is already used by {name}").format(
                        code=draft.code, name=row["name"]), current=rows.customer(row))
            now = rows.now_ts()
            cursor = conn.execute(
                "INSERT INTO customers (code, name, company, email, language, phones, tags, "
                "consent_marketing, consent_recording, notes, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                [draft.code, draft.name, draft.company, draft.email, draft.language,
                 rows.dumps(numbers), rows.dumps(draft.tags), int(draft.consent.marketing),
                 int(draft.consent.recording), draft.notes, now, now])
            customer_id = int(cursor.lastrowid or 0)
            if not draft.code:
                code = auto_code(customer_id)
                if conn.execute("SELECT 1 FROM customers WHERE code = ?", [code]).fetchone():
                    code = f"{code}-{customer_id % 1000:03d}"  # somebody chose it by hand
                conn.execute("UPDATE customers SET code = ? WHERE id = ?", [code, customer_id])
            store_phones(conn, customer_id, numbers)
            store_terms(conn, draft.name, draft.company)
            append_event(conn, "customer.created", f"customer:{customer_id}",
                         {"name": draft.name})
            return get_customer(conn, customer_id)

        return await self._store.write(write)

    async def get_customer(self, customer_id: int) -> Customer:
        return await self._store.read(lambda conn: get_customer(conn, customer_id))

    async def get_customer_by_code(self, code: str) -> Customer:
        wanted = code.strip().upper()

        def read(conn: sqlite3.Connection) -> Customer:
            row = conn.execute("SELECT * FROM customers WHERE code = ?", [wanted]).fetchone()
            if row is None:
                raise NotFound(_("no customer with code {code}").format(code=wanted))
            return rows.customer(row)

        return await self._store.read(read)

    async def update_customer(self, customer_id: int, version: int,
                              changes: CustomerChanges) -> Customer:
        if "phones" in changes.model_fields_set and changes.phones is not None:
            changes = changes.model_copy(
                update={"phones": self._normalize_phones(changes.phones)})
        changes = revalidate(changes)
        fields = {name: getattr(changes, name) for name in changes.model_fields_set}

        def write(conn: sqlite3.Connection) -> Customer:
            current = get_customer(conn, customer_id)
            if current.version != version:
                raise Conflict(_("customer {id} was changed by someone else (version {v})")
                               .format(id=customer_id, v=current.version), current=current)
            columns: dict[str, object] = {}
            for name, value in fields.items():
                if name == "consent":
                    if value is not None:
                        columns["consent_marketing"] = int(value.marketing)
                        columns["consent_recording"] = int(value.recording)
                elif name in ("phones", "tags"):
                    columns[name] = rows.dumps(value or [])
                elif name in ("name", "language", "notes"):
                    if value is not None:  # required columns: None means "leave as is"
                        columns[name] = value
                else:
                    columns[name] = value
            columns["updated_at"] = rows.now_ts()
            assignments = ", ".join(f"{c} = ?" for c in columns)
            cursor = conn.execute(
                f"UPDATE customers SET {assignments}, version = version + 1 "
                "WHERE id = ? AND version = ?", [*columns.values(), customer_id, version])
            if cursor.rowcount == 0:
                raise Conflict(_("customer {id} was changed by someone else").format(
                    id=customer_id), current=get_customer(conn, customer_id))
            if "phones" in columns:
                conn.executemany("DELETE FROM customer_phones WHERE e164 = ? AND customer_id = ?",
                                 [(n, customer_id) for n in current.phones])
                store_phones(conn, customer_id, fields.get("phones") or [])
            store_terms(conn, fields.get("name"), fields.get("company"))
            append_event(conn, "customer.updated", f"customer:{customer_id}",
                         {"fields": sorted(fields)})
            return get_customer(conn, customer_id)

        return await self._store.write(write)

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        if not query or not query.strip():
            return []
        return await self._store.read(
            lambda conn: search.search_customers(conn, query, self.region, limit), lookup=True)

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        e164 = phones.try_normalize(number, self.region) if number else None
        if e164 is None:
            return []
        return await self._store.read(
            lambda conn: rows.customers_by_ids(conn, search.exact_phone_ids(conn, e164)),
            lookup=True)
