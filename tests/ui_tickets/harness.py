"""Small test apps that mount one of the ticket/transfer widgets alone, plus data helpers.

Everything runs on a real SQLite file (SqliteBackend); nothing is mocked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from backends.calls.inputs import CallDraft
from backends.capabilities import Capability
from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from backends.protocol import Backend
from screens.tickets.drafts import DraftStore
from screens.tickets.ticket_editor import TicketEditor
from screens.transfers.transfer_panel import TransferPanel

HOSTILE = "[@click=app.quit]Q[/] [bold \x1b[31mred\x1b]52;c;ZXZpbA==\x07 \u202egnp.exe"


def sqlite_backend(path: Path) -> Backend:
    try:
        from backends.sqlite import SqliteBackend
    except ImportError:  # before the package exported it
        from backends.sqlite.backend import SqliteBackend
    return SqliteBackend(path, region="IT")


class EditorApp(App[None]):
    """Just the ticket editor, filling the screen; notifications are recorded."""

    def __init__(self, backend: Backend, drafts: Path, operator: str = "anna") -> None:
        super().__init__()
        self.backend = backend
        self.store = DraftStore(drafts)
        self.operator = operator
        self.messages: list[Any] = []
        self.notes: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield TicketEditor(self.backend.tickets, self.backend.calls, self.backend.customers,
                           self.operator, self.store, id="editor")

    @property
    def editor(self) -> TicketEditor:
        return self.query_one(TicketEditor)

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        assert markup is False, "notifications must not parse markup"
        self.notes.append((severity, message))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_ticket_editor_saved(self, message: TicketEditor.Saved) -> None:
        self.messages.append(message)

    def on_transfer_panel_transferred(self, message: TransferPanel.Transferred) -> None:
        self.messages.append(message)

    def on_transfer_panel_declined(self, message: TransferPanel.Declined) -> None:
        self.messages.append(message)


class PanelApp(EditorApp):
    """Just the transfer panel."""

    def compose(self) -> ComposeResult:
        backend = self.backend
        yield TransferPanel(backend.transfers, backend.people, self.operator,
                            lists_operators=Capability.OPERATORS in backend.capabilities,
                            id="panel")

    @property
    def panel(self) -> TransferPanel:
        return self.query_one(TransferPanel)


def no_blink(app: App[Any]) -> None:
    for widget in app.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False


async def until(pilot: Pilot[Any], condition: Callable[[], object], what: str,
                steps: int = 200) -> None:
    """Let the app run until `condition()` holds; bounded (steps × 0.02 s), then fail."""
    for _step in range(steps):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


async def seed_call(backend: Backend, name: str = "Mario Rossi") -> tuple[Any, Any]:
    customer = await backend.customers.create_customer(
        CustomerDraft(name=name, phones=["+39 02 1234567"])
    )
    call = await backend.calls.create_call(
        CallDraft(caller="+39021234567", customer_id=customer.id)
    )
    call = await backend.calls.claim_call(call.id, "anna")
    return call, customer


async def seed_directory(backend: Backend) -> None:
    await backend.people.upsert_operator(Operator(name="anna", display_name="Anna",
                                                  presence=Presence.AVAILABLE))
    await backend.people.upsert_operator(
        Operator(
            name="sara", display_name="Sara Boss", role=Role.SUPERVISOR, presence=Presence.AVAILABLE
        )
    )
    for entry in (
        DirectoryEntry(name="Sales", kind=DirectoryKind.DEPARTMENT, extension="200"),
        DirectoryEntry(name="Support", kind=DirectoryKind.DEPARTMENT, extension="300"),
        DirectoryEntry(name="Billing", kind=DirectoryKind.QUEUE),
        DirectoryEntry(name="Luca Bianchi", kind=DirectoryKind.PERSON, department="Sales",
                       extension="201", presence=Presence.AVAILABLE),
        DirectoryEntry(name="Paola Verdi", kind=DirectoryKind.PERSON, department="Support",
                       extension="301", presence=Presence.ON_CALL),
    ):
        await backend.people.upsert_directory_entry(entry)
