"""The customers use cases over a `CustomersStorage`: the rules of backends/customers/rules.py
run here, once, for every store (docs/ARCHITECTURE.md). Each write is one storage transaction,
its events included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends import phones
from backends.customers import rules
from backends.customers.models import Customer
from backends.errors import Conflict, NotFound
from backends.i18n import _
from backends.revalidation import revalidate

if TYPE_CHECKING:  # the Protocols type the service; a store never needs them at run time
    from backends.customers.inputs import CustomerChanges, CustomerDraft
    from backends.customers.storage import CustomersStorage, CustomersWriter


class CustomersService:
    """The `Customers` interface (backends/customers/api.py) over a `CustomersStorage`."""

    def __init__(self, storage: CustomersStorage, region: str) -> None:
        self.storage = storage
        self.region = region  # where national numbers are read

    async def create_customer(self, draft: CustomerDraft) -> Customer:
        # national numbers are read with this store's region before the model sees them
        update: dict[str, object] = {
            "phones": rules.normalized_phones(draft.phones or [], self.region)}
        if "language" not in draft.model_fields_set:  # nobody said: the number's country
            update["language"] = rules.language_for_phones(draft.phones or [], self.region)
        draft = revalidate(draft.model_copy(update=update))

        def write(tx: CustomersWriter) -> Customer:
            if draft.code:
                holder = tx.customer_with_code(draft.code)
                if holder is not None:
                    raise Conflict(_("customer code {code} is already used by {name}").format(
                        code=draft.code, name=holder.name), current=holder)
            customer_id = tx.insert_customer(draft.model_dump(exclude={"consent"}) | {
                "consent": draft.consent})
            if not draft.code:
                code = rules.auto_code(customer_id)
                if tx.customer_with_code(code) is not None:
                    code = rules.auto_code_taken(customer_id)
                tx.set_code(customer_id, code)
            tx.index_phones(customer_id, [], draft.phones)
            tx.remember_words(draft.name, draft.company)
            tx.append_event("customer.created", f"customer:{customer_id}", {"name": draft.name})
            return tx.get_customer(customer_id)

        return await self.storage.write(write)

    async def get_customer(self, customer_id: int) -> Customer:
        return await self.storage.get_customer(customer_id)

    async def get_customer_by_code(self, code: str) -> Customer:
        wanted = code.strip().upper()
        found = await self.storage.customer_with_code(wanted)
        if found is None:
            raise NotFound(_("no customer with code {code}").format(code=wanted))
        return found

    async def update_customer(self, customer_id: int, version: int,
                              changes: CustomerChanges) -> Customer:
        if "phones" in changes.model_fields_set and changes.phones is not None:
            changes = changes.model_copy(
                update={"phones": rules.normalized_phones(changes.phones, self.region)})
        changes = revalidate(changes)
        edited = {name: getattr(changes, name) for name in changes.model_fields_set}

        def write(tx: CustomersWriter) -> Customer:
            current = tx.get_customer(customer_id)
            if current.version != version:
                raise Conflict(_("customer {id} was changed by someone else (version {v})")
                               .format(id=customer_id, v=current.version), current=current)
            fields = rules.edited_fields(edited)
            if not tx.update_if_version(customer_id, version, fields):
                raise Conflict(_("customer {id} was changed by someone else").format(
                    id=customer_id), current=tx.get_customer(customer_id))
            if "phones" in fields:
                tx.index_phones(customer_id, current.phones, fields["phones"])
            tx.remember_words(edited.get("name"), edited.get("company"))
            tx.append_event("customer.updated", f"customer:{customer_id}",
                            {"fields": sorted(edited)})
            return tx.get_customer(customer_id)

        return await self.storage.write(write)

    async def search_customers(self, query: str, limit: int = 20) -> list[Customer]:
        if not query or not query.strip():
            return []
        return await self.storage.search_customers(query, self.region, limit)

    async def customers_by_ids(self, ids: list[int]) -> list[Customer]:
        """`CustomersByIds` (api.py): in the order of `ids`, the missing ones left out."""
        return await self.storage.customers_by_ids(ids)

    async def find_customers_by_phone(self, number: str) -> list[Customer]:
        e164 = phones.try_normalize(number, self.region) if number else None
        if e164 is None:
            return []
        return await self.storage.customers_with_phone(e164)
