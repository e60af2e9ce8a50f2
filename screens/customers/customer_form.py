"""A new customer, prefilled with the caller's number. Ctrl+S saves; a bad field is named
under the form and keeps its text, nothing typed is lost. (docs/ARCHITECTURE.md,
"screens/")"""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from backends.customers.api import Customers
from backends.errors import BackendError, Invalid, invalid_from_validation
from backends.i18n import _
from backends.models import Customer, CustomerDraft
from screens.common import render
from screens.common.worker_errors import WorkerErrorReporter

FIELDS = ("name", "phones", "email", "company", "notes")


class CustomerForm(WorkerErrorReporter, ModalScreen[Customer | None]):
    DEFAULT_CSS = """
    CustomerForm { align: center middle; }
    CustomerForm > VerticalScroll { width: 90%; max-width: 80; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1; }
    CustomerForm Label { margin-top: 0; color: $text-muted; }
    CustomerForm #cf-error { color: $error; height: auto; }
    CustomerForm Horizontal { height: auto; align-horizontal: right; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Save"), id="form_save", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="form_cancel"),
    ]

    def __init__(self, customers: Customers, number: str | None = None,
                 email: str | None = None) -> None:
        super().__init__()
        self._customers = customers
        self._number = number
        self._email = email
        self._saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(_("New customer"), markup=False, classes="title")
            yield Label(_("Name"))
            yield Input(id="cf-name")
            yield Label(_("Phone (several: separate with commas)"))
            yield Input(value=render.pretty_phone(self._number) if self._number else "",
                        id="cf-phones")
            yield Label(_("Email"))
            yield Input(value=render.clean_line(self._email or "", 254), id="cf-email")
            yield Label(_("Company"))
            yield Input(id="cf-company")
            yield Label(_("Notes"))
            yield Input(id="cf-notes")
            yield Static("", id="cf-error", markup=False)
            with Horizontal():
                yield Button(_("Save (Ctrl+S)"), id="cf-save", variant="primary")
                yield Button(_("Cancel (Esc)"), id="cf-cancel")

    def on_mount(self) -> None:
        self.query_one("#cf-name", Input).focus()

    def value(self, field: str) -> str:
        return self.query_one(f"#cf-{field}", Input).value.strip()

    def draft(self) -> CustomerDraft:
        phones = [part.strip() for part in self.value("phones").split(",") if part.strip()]
        try:
            return CustomerDraft(name=self.value("name"), phones=phones,
                                 email=self.value("email") or None,
                                 company=self.value("company") or None,
                                 notes=self.value("notes"))
        except ValidationError as exc:
            raise invalid_from_validation(exc) from None

    @on(Button.Pressed, "#cf-save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save()

    @on(Button.Pressed, "#cf-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def save(self) -> None:
        """One write at a time: a second Enter while the first is stored is ignored (an
        exclusive worker would cancel the first one only after it had written)."""
        if self._saving:
            return
        self._saving = True
        self._save()

    @work(exit_on_error=False, group="customer-form")
    async def _save(self) -> None:
        error = self.query_one("#cf-error", Static)
        try:
            customer = await self._customers.create_customer(self.draft())
        except Invalid as exc:
            self._saving = False
            field = (exc.field or "").split(".")[0]
            error.update(render.content(exc.message))
            if field in FIELDS:
                self.query_one(f"#cf-{field}", Input).focus()
            return
        except BackendError as exc:
            self._saving = False
            error.update(render.content(exc.message))
            return
        self.dismiss(customer)  # `_saving` stays set: nothing more to store from this form

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self._saving = False  # an unexpected failure: the operator may try again
        super().on_worker_state_changed(event)
