"""The parking use cases (docs/ARCHITECTURE.md, "Adding a domain"): park a call in a numbered
slot, see every parked call with its timer, pick one up; a call left too long comes back to
whoever parked it. A backend offers it as `backend.domain(PARKING)`; every method is async and
raises only `backends.errors`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from backends.domain_registry import DomainKey
from backends.parking.models import ParkedCall


@runtime_checkable
class Parking(Protocol):
    async def park_call(self, call_id: int, by: str, *, slot: int | None = None,
                        return_after: int | None = None) -> ParkedCall:
        """The first free slot unless `slot`; Conflict when the slot or every slot is taken
        or the call is not in progress; Forbidden for a call somebody else holds."""

    async def list_parked(self) -> list[ParkedCall]:
        """The calls parked now, by slot."""

    async def pick_up(self, slot: int, by: str) -> ParkedCall:
        """The call in `slot` becomes `by`'s, active; NotFound when the slot is empty."""

    async def get_parked(self, parked_id: int) -> ParkedCall: ...


PARKING: DomainKey[Parking] = DomainKey("parking")
