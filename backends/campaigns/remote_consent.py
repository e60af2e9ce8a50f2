"""Marketing consent of customers kept outside the campaigns' store (on Request Tracker the
customers are in RT, the campaigns in the local store beside it): asked of the customers
domain around the store's transaction, since a transaction cannot wait for RT.

- a check (`dnc check`) adds the `consent` hit when a customer with the number objects;
- the next contact is looked at once claimed: one whose customer objects is closed as blocked
  and the next one taken;
- dialling asks just before the transaction that places the call.
An objection to direct marketing is absolute (GDPR Art. 21), so if RT cannot be asked the
contact is not called (the error reaches the caller).
"""

from __future__ import annotations

from backends.campaigns.models import DncHit
from backends.customers.api import Customers
from backends.i18n import _


async def consent_hit(customers: Customers, phone: str) -> DncHit | None:
    """The `consent` hit when a customer with the number has no marketing consent."""
    found = await customers.find_customers_by_phone(phone)
    if any(not c.consent.marketing for c in found):
        return DncHit(list_name="consent", reason=_(
            "a customer with this number has no marketing consent"))
    return None
