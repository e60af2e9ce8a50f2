"""What the parking service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). Parking moves a call, so the writer also reads and writes calls and
lends the calls domain's writer of the same transaction for its presence step
(backends/calls/steps.py). `work` is synchronous: it runs where the store keeps its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from backends.calls.models import Call, CallState
from backends.calls.steps import PresenceWriter
from backends.parking.models import ParkedCall, ParkStatus
from backends.people.models import Role

T = TypeVar("T")


class ParkingWriter(Protocol):
    def get_call(self, call_id: int) -> Call:
        """NotFound when there is no such call."""

    def update_call_if_state(self, call_id: int, state: CallState,
                             fields: dict[str, object]) -> bool:
        """Set `fields` and bump the call's version only if it is still in `state`."""

    @property
    def calls_writer(self) -> PresenceWriter: ...

    def role_of(self, name: str) -> Role | None: ...

    def parked_now(self) -> list[ParkedCall]:
        """Status parked, by slot."""

    def insert_parked(self, values: dict[str, object]) -> int: ...

    def get_parked(self, parked_id: int) -> ParkedCall:
        """NotFound when there is none."""

    def close_if_parked(self, parked_id: int, status: ParkStatus, fields: dict[str, object]
                        ) -> bool:
        """Set the status and `fields` only if it is still parked."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class ParkingStorage(Protocol):
    async def write(self, work: Callable[[ParkingWriter], T]) -> T: ...

    async def list_parked(self) -> list[ParkedCall]:
        """Status parked, by slot."""

    async def parked_with_states(self) -> list[tuple[ParkedCall, CallState]]:
        """The parked calls with the state of their call now (a read)."""

    async def get_parked(self, parked_id: int) -> ParkedCall: ...
