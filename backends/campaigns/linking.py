"""Linking contacts to customers through the customers domain, on any backend (on Request
Tracker the customers live in RT, not in the store beside it that keeps the campaigns). The
importer calls it before `Campaigns.add_contacts`. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends import phones
from backends.customers.api import Customers

if TYPE_CHECKING:
    from backends.campaigns.inputs import ContactDraft


async def link_customers(customers: Customers, drafts: list[ContactDraft],
                         region: str | None = None) -> list[ContactDraft]:
    """`drafts` with `customer_id` set where a customer has the number (the first by id) and
    none was given; numbers that cannot be read are left for add_contacts to refuse."""
    linked: list[ContactDraft] = []
    known: dict[str, int | None] = {}
    for draft in drafts:
        phone = (draft.phone if phones.is_e164(draft.phone)
                 else phones.try_normalize(draft.phone, region))
        if draft.customer_id is not None or phone is None:
            linked.append(draft)
            continue
        if phone not in known:
            found = await customers.find_customers_by_phone(phone)
            known[phone] = min((c.id for c in found), default=None)
        linked.append(draft.model_copy(update={"customer_id": known[phone]}))
    return linked
