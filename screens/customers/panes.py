"""The customers area's panes: the lookup (in front at start) and the customer 360 view
(built on first use), for the pane registry (screens/panes.py; docs/ARCHITECTURE.md)."""

from __future__ import annotations

from textual.widget import Widget

from screens.common.pane_spec import Built, PaneContext, PaneSpec


def _lookup(context: PaneContext) -> Widget:
    from screens.customers.customer_lookup import CustomerLookup

    return CustomerLookup(context.backend.customers, id="lookup")


def _customer_view(context: PaneContext) -> Widget:
    from screens.customers.customer_view import CustomerView

    backend = context.backend
    return CustomerView(backend.customers, backend.tickets, backend.calls, id="customer")


LOOKUP_PANE = PaneSpec("lookup", "Lookup F3", "left", _lookup, Built.AT_START)
# it follows calls: "Recent calls" shows each call's state as the store has it now
CUSTOMER_PANE = PaneSpec("customer", "Customer F4", "left", _customer_view, Built.ON_FIRST_USE,
                         subjects=frozenset({"call"}))
