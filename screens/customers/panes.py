"""The customers area's panes: the lookup (in front at start) and the customer 360 view
(built on first use), for the pane registry (screens/panes.py; docs/ARCHITECTURE.md)."""

from __future__ import annotations

from textual.widget import Widget

from backends.i18n import N_
from screens.common.pane_spec import Built, PaneContext, PaneSpec


def _lookup(context: PaneContext) -> Widget:
    from screens.customers.customer_lookup import CustomerLookup

    return CustomerLookup(context.backend.customers, id="lookup")


def _customer_view(context: PaneContext) -> Widget:
    from backends.errors import Unavailable
    from backends.messages.api import MESSAGES
    from screens.callbacks.follow_up import FollowUpSource
    from screens.customers.customer_view import CustomerView

    backend = context.backend
    try:
        messages = backend.domain(MESSAGES)
    except Unavailable:  # a server without the messages domain
        messages = None
    return CustomerView(backend.customers, backend.tickets, backend.calls, messages=messages,
                        follow_up=FollowUpSource.of(backend), id="customer")


LOOKUP_PANE = PaneSpec("lookup", N_("Lookup F3"), "left", _lookup, Built.AT_START)
# it follows calls ("Recent calls" shows each call's state as the store has it now) and
# messages (one a known caller leaves, or one marked done, shows in their history at once)
CUSTOMER_PANE = PaneSpec("customer", N_("Customer F4"), "left", _customer_view,
                         Built.ON_FIRST_USE, subjects=frozenset({"call", "message"}))
