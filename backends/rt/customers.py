"""Customers are RT users. Type-ahead runs narrow REST 2.0 user queries, then ranks locally."""

from __future__ import annotations

import asyncio
import contextlib
import re
import unicodedata
import uuid
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError

from backends import phones
from backends.customers import rules
from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.customers.models import Customer
from backends.errors import Conflict, Invalid, NotFound
from backends.i18n import _
from backends.rt import mapping
from backends.rt.base import RtBase

SCOPE_CF = "Console scope"
_ASCII_RUN = re.compile(r"[A-Za-z0-9]{2,}")
_SEARCH_FIELDS = "Name,RealName,Organization,EmailAddress"


def _fold(text: str) -> str:
    """Case- and accent-insensitive form for ranking (Ștefan = stefan)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rank(query: str, user: dict[str, Any]) -> int | None:
    """0 best … 3 weakest; None when some word of the query is in none of the fields."""
    name = _fold(str(user.get("RealName") or ""))
    haystack = " ".join(_fold(str(user.get(f) or "")) for f in _SEARCH_FIELDS.split(","))
    q = _fold(query)
    words = q.split()
    if not words or any(w not in haystack for w in words):
        return None
    if name == q:
        return 0
    if name.startswith(q):
        return 1
    name_words = name.split()
    if all(any(nw.startswith(w) for nw in name_words) for w in words):
        return 2
    return 3


class RtCustomers(RtBase):
    """The customers domain (backends/customers/api.py) over RT users."""

    # -- reading --------------------------------------------------------------------------
    async def _fetch_customer(self, key: int | str) -> Customer:
        user, etag = await self.client.get_json(f"/user/{quote(str(key), safe='')}")
        customer = mapping.customer_from_rt(
            user, await self.bridge.observe("customer", int(user["id"]), etag))
        self._user_ids[str(user.get("Name"))] = customer.id
        return customer

    async def get_customer(self, customer_id: int) -> Customer:
        try:
            return await self._fetch_customer(int(customer_id))
        except NotFound:
            raise NotFound(_("no customer {id}").format(id=customer_id)) from None

    async def get_customer_by_code(self, code: str) -> Customer:
        wanted = code.strip().upper()
        derived = mapping.DERIVED_CODE.match(wanted)
        try:
            found = await self._fetch_customer(int(derived.group(1)) if derived else wanted)
        except NotFound:
            found = None
        if found is None or found.code != wanted:
            raise NotFound(_("no customer with code {code}").format(code=wanted))
        return found

    async def _customers(self, ids: list[int]) -> list[Customer]:
        found = await self._gather(self._fetch_customer(i) for i in ids)
        return [c for c in found if c is not None]

    async def _user_query(self, conditions: list[dict[str, Any]], limit: int = 100,
                          fields: str = "id,Name") -> list[dict[str, Any]]:
        if self.scope:
            conditions = [*conditions, {"field": f"CF.{{{SCOPE_CF}}}", "value": self.scope}]
        return await self.client.collection("/users", body=conditions, limit=limit,
                                            fields=fields)

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        e164 = phones.try_normalize(number[:64], self.region) if number.strip() else None
        if e164 is None:
            return []
        items = await self._user_query([{"field": "CF.{Phone}", "value": e164}])
        customers = await self._customers(sorted({int(i["id"]) for i in items}))
        return [c for c in customers if e164 in c.phones]

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        text = query.strip()
        limit = max(1, min(int(limit), 100))
        if not text or len(text) > 200 or "\x00" in text:
            return []
        exact: list[Customer] = []
        if mapping._CODE.match(text.upper()):
            with contextlib.suppress(NotFound):
                exact.append(await self.get_customer_by_code(text))
        if phones.looks_like_phone(text):
            exact.extend(await self.find_customers_by_phone(text))
        if "@" in text:
            items = await self._user_query([{"field": "EmailAddress", "value": text.lower()}])
            exact.extend(await self._customers([int(i["id"]) for i in items]))
        fuzzy: list[Customer] = []
        runs = sorted(_ASCII_RUN.findall(text), key=len, reverse=True)
        if runs:
            # RT on SQLite compares case-insensitively in ASCII only: narrow the candidates
            # by the longest ASCII run server-side, then match and rank every word here
            batches = await asyncio.gather(*(
                self._user_query([{"field": field, "operator": "LIKE", "value": runs[0]}],
                                 fields="id," + _SEARCH_FIELDS)
                for field in _SEARCH_FIELDS.split(",")))
            candidates: dict[int, tuple[int, str]] = {}
            for item in (i for batch in batches for i in batch):
                rank = _rank(text, item)
                if rank is not None and item.get("Name") not in ("RT_System", "Nobody"):
                    candidates[int(item["id"])] = (rank, str(item.get("RealName") or ""))
            best = sorted(candidates, key=lambda i: (*candidates[i], i))
            fuzzy = await self._customers(best[: limit + len(exact)])
        result: list[Customer] = []
        for customer in [*exact, *fuzzy]:
            if customer.id not in {c.id for c in result}:
                result.append(customer)
        return result[:limit]

    # -- writing --------------------------------------------------------------------------
    async def create_customer(self, draft: CustomerDraft) -> Customer:
        try:
            given = draft.model_dump(exclude_unset=True)
            if "language" not in given:  # nobody said: the number's country
                given["language"] = rules.language_for_phones(list(draft.phones))
            draft = CustomerDraft.model_validate(given)
        except ValidationError as exc:
            from backends.errors import invalid_from_validation

            raise invalid_from_validation(exc) from None
        fields = draft.model_dump(exclude={"code"})
        body = mapping.customer_fields_to_rt(fields)
        body["Name"] = draft.code or f"cust-{uuid.uuid4().hex[:16]}"
        body["Privileged"] = 0
        if self.scope:
            body.setdefault("CustomFields", {})[SCOPE_CF] = self.scope
        async with self._own_write():
            try:
                await self.client.post_json("/user", body)
            except Invalid as exc:
                raise _user_error(exc) from None
            customer = await self._fetch_customer(body["Name"])
            await self._record_own(f"customer:{customer.id}", customer)
            await self.bridge.emit("customer.created", f"customer:{customer.id}",
                                   {"code": customer.code, "source": "rt"})
        return customer

    async def update_customer(self, customer_id: int, version: int,
                              changes: CustomerChanges) -> Customer:
        fields = _checked_customer_changes(changes)
        async with self._lock_for(f"customer:{int(customer_id)}"):
            return await self._update_customer(int(customer_id), version, fields)

    async def _update_customer(self, customer_id: int, version: int,
                               fields: dict[str, Any]) -> Customer:
        current = await self.get_customer(customer_id)
        if current.version != version:
            raise Conflict(_("customer {id} was changed by somebody else").format(
                id=customer_id), current=current)
        if not fields:
            return current
        etag = await self.bridge.etag_for("customer", customer_id, version)
        async with self._own_write():
            try:
                messages = await self.client.put_json(
                    f"/user/{customer_id}", mapping.customer_fields_to_rt(fields), if_match=etag)
            except Conflict:
                fresh = await self.get_customer(customer_id)
                raise Conflict(_("customer {id} was changed by somebody else").format(
                    id=customer_id), current=fresh) from None
            except Invalid as exc:
                raise _user_error(exc) from None
            self._raise_rt_refusals(messages)
            updated = await self.get_customer(customer_id)
            await self._record_own(f"customer:{customer_id}", updated)
            await self.bridge.emit("customer.updated", f"customer:{customer_id}",
                                   {"fields": sorted(fields), "source": "rt"})
        return updated


def _user_error(exc: Invalid) -> Invalid:
    text = exc.reason.lower()
    if "email" in text:
        return Invalid("email", _("this email address belongs to another RT user"))
    if "name in use" in text:
        return Invalid("code", _("this customer code is already taken"))
    return exc


def _checked_customer_changes(changes: CustomerChanges) -> dict[str, Any]:
    """The fields set, re-validated (a caller may hand an unvalidated model)."""
    from backends.errors import invalid_from_validation

    raw = changes.model_dump(exclude_unset=True)
    try:
        fields = CustomerChanges.model_validate(raw).model_dump(exclude_unset=True)
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None
    for required in ("name", "language"):
        if required in fields and fields[required] is None:
            raise Invalid(required, _("cannot be empty"))
    for listed in ("phones", "tags"):
        if listed in fields and fields[listed] is None:
            fields[listed] = []
    if "consent" in fields and fields["consent"] is None:
        fields["consent"] = {"marketing": False, "recording": False}
    if "notes" in fields and fields["notes"] is None:
        fields["notes"] = ""
    return fields
