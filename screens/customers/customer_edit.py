"""Editing the customer on the desk from the 360 view (Ctrl+E): the record read afresh, the
form (screens/customers/customer_form.py) with its version check and conflict dialog, then the
record shown as stored. (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from functools import partial

from backends.customers.api import Customers
from backends.errors import BackendError
from backends.i18n import _
from screens.common.desk import Desk, DeskView


def edit_customer(desk: Desk, view: DeskView, customers: Customers) -> None:
    view.launch(partial(_edit, desk, view, customers), "customer-edit")


async def _edit(desk: Desk, view: DeskView, customers: Customers) -> None:
    from screens.customers.customer_form import CustomerForm

    shown = desk.customer
    if shown is None:
        view.say(_("No customer on the desk: F3 finds one."), warning=True)
        return
    try:
        current = await customers.get_customer(shown.id)  # the version the form starts at
        saved = await view.ask(CustomerForm(customers, customer=current))
    except BackendError as exc:
        view.report(exc, _("Customer"))
        return
    if saved is not None:
        view.show_customer_record(saved)
        view.say(_("Customer saved."))
