"""The operator's desk: what the console holds now (operator, call, customer, ticket), and the
small interface through which call handling, the live feed and transfer offers talk to the
screen that shows it (docs/ARCHITECTURE.md, "screens/").

The objects that do the work get the desk, this view and the domain interfaces they need; none
of them is the screen, so none has to know its widgets.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from textual.screen import Screen
from textual.widget import Widget

from backends.errors import BackendError
from backends.models import Call, CallState, Customer, Disposition, Operator

ResultT = TypeVar("ResultT")

# the states of a call in an operator's hands (taken back at start, after an accepted transfer)
MY_CALL_STATES = [CallState.ACTIVE, CallState.ON_HOLD, CallState.WRAP_UP]


@dataclass
class Desk:
    """State shared by the objects of the main screen. `busy`: one call operation at a time,
    so a double key press cannot claim two calls."""

    operator_name: str
    operator: Operator | None = None
    call: Call | None = None
    customer: Customer | None = None
    ticket_id: int | None = None
    dispositions: list[Disposition] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # customer id → name, for the queue
    ready: bool = False
    busy: bool = False


class DeskView(Protocol):
    """What the desk's objects ask of the screen (MainScreen implements it)."""

    def state_changed(self) -> None:
        """Redraw the status line and the footer."""

    def refresh_bindings(self) -> None: ...

    def report(self, exc: BackendError, title: str = "") -> None:
        """A notification (and the offline banner when the store is unreachable)."""

    def set_offline(self, offline: bool, reason: str = "") -> None: ...

    def event_arrived(self) -> None:
        """A change event came in: the store is reachable (the offline banner goes)."""

    def cannot_start(self, message: str) -> None:
        """A banner that does not promise a retry, and an error notification."""

    def say(self, message: str, *, warning: bool = False) -> None:
        """A notification of plain text (never markup)."""

    def show_customer_record(self, customer: Customer, *, switch: bool = True) -> None: ...

    def redraw_customer(self, customer_id: int) -> None:
        """Read the customer shown in the 360 view again."""

    def show_queue(self, calls: list[Call], names: dict[int, str]) -> None: ...

    def show_pane(self, pane: str, *, focus: bool = True) -> None: ...

    def focus_into(self, pane: str) -> None: ...

    def pane_widget(self, pane: str) -> Widget:
        """The widget a pane shows now, built if it may be (else still a placeholder)."""

    def built_pane(self, pane: str) -> Widget | None:
        """The pane's widget if it has been built, else None (never builds it)."""

    async def pane_ready(self, pane: str) -> Widget:
        """The pane's widget once built and mounted (a placeholder while the store is not
        open)."""

    async def ask(self, dialog: Screen[ResultT]) -> ResultT:
        """Push a dialog and wait for its answer (only inside `launch`ed work)."""

    def offer(self, dialog: Screen[ResultT],
              answered: Callable[[ResultT | None], None]) -> None:
        """Push a dialog without waiting; `answered` gets its result."""

    def launch(self, work: Callable[[], Awaitable[None]], group: str, *,
               exclusive: bool = False) -> None:
        """Run `work` in a worker of the screen; an error it lets through is reported."""

    def later(self, delay: float, callback: Callable[[], object]) -> None: ...

    def every(self, interval: float, callback: Callable[[], object]) -> None: ...
