"""Customers on the wire: the bodies that have no model in the customers domain.

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md); searches use
backends.wire.search.
"""

from __future__ import annotations

from pydantic import Field

from backends.model_base import Model

PHONE_LOOKUP_MAX = 200  # a phone number is at most 60 characters (backends.phones)


class PhoneLookup(Model):
    number: str = Field(max_length=PHONE_LOOKUP_MAX,
                        description="any format; [] when it is no number")
