"""A customer's record in a form: a new one (prefilled with the caller's number, its language
from the number's country) or an edit of one from the 360 view, with the version it was opened
at. Ctrl+S saves; a bad field is named under the form and keeps its text, nothing typed is
lost. Somebody else's save in between opens the conflict dialog the tickets use (theirs, mine
or merged field by field). Fits 80x24 with its buttons and error line in view.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from backends.customers import rules
from backends.customers.api import Customers
from backends.customers.models import Customer
from backends.errors import BackendError, Conflict, Invalid
from backends.i18n import _
from screens.common import render
from screens.common.worker_errors import WorkerErrorReporter
from screens.common.yes_no_box import YesNoBox
from screens.customers.customer_values import (
    CHECKED,
    FIELDS,
    FormValues,
    changes_from_values,
    display_value,
    draft_from_values,
    field_label,
    split_list,
    values_from_customer,
)

LINES = ("name", "phones", "email", "company", "language", "tags")  # one-line inputs


class CustomerForm(WorkerErrorReporter, ModalScreen[Customer | None]):
    DEFAULT_CSS = """
    CustomerForm { align: center middle; }
    CustomerForm > Vertical { width: 100%; max-width: 80; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1; }
    CustomerForm .title { text-style: bold; }
    CustomerForm Grid { grid-size: 2; grid-columns: 12 1fr; grid-rows: 1; height: auto;
        grid-gutter: 0 1; }
    CustomerForm Grid Label { color: $text-muted; }
    CustomerForm #cf-consent { height: 1; }
    CustomerForm #cf-consent Checkbox { margin-right: 2; }
    CustomerForm #cf-notes { height: 3; min-height: 3; }
    CustomerForm #cf-error { color: $error; height: auto; max-height: 2; }
    CustomerForm #cf-buttons { height: 1; align-horizontal: right; }
    CustomerForm #cf-buttons Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Save"), id="form_save", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="form_cancel"),
    ]

    def __init__(self, customers: Customers, number: str | None = None,
                 email: str | None = None, *, customer: Customer | None = None) -> None:
        """A new customer (`number`/`email` prefilled), or `customer` to edit."""
        super().__init__()
        self._customers = customers
        self.customer = customer  # the version being edited; None: a new customer
        if customer is not None:
            self.base = values_from_customer(customer)
        else:
            phone = render.pretty_phone(number) if number else ""
            self.base = dict.fromkeys(FIELDS, "") | {
                "phones": phone, "email": render.clean_line(email or "", 254),
                "language": rules.language_for_phones([number]) if number else ""}
        self._auto_language = self.base["language"]
        self._saving = False
        self.holding_keys = False  # True while storing (console/held_keys.py)

    def compose(self) -> ComposeResult:
        title = (_("Edit customer {code}").format(code=render.clean_line(self.customer.code, 40))
                 if self.customer else _("New customer"))
        with Vertical():
            yield Static(title, markup=False, classes="title")
            with Grid():
                for name in LINES:
                    yield Label(field_label(name), markup=False)
                    yield Input(self.base[name], id=f"cf-{name}", compact=True,
                                placeholder=self._placeholder(name))
                yield Label(_("Consent"), markup=False)
                with Horizontal(id="cf-consent"):
                    for name in CHECKED:
                        yield YesNoBox(field_label(name), bool(self.base[name]),
                                       id=f"cf-{name}", compact=True)
            yield Label(field_label("notes"), markup=False)
            yield TextArea(self.base["notes"], id="cf-notes", compact=True,
                           tab_behavior="focus", soft_wrap=True)
            yield Static("", id="cf-error", markup=False)
            with Horizontal(id="cf-buttons"):
                yield Button(_("Save (Ctrl+S)"), id="cf-save", variant="primary",
                             compact=True)
                yield Button(_("Cancel (Esc)"), id="cf-cancel", compact=True)

    @staticmethod
    def _placeholder(name: str) -> str:
        return {"phones": _("several: separate with commas"),
                "tags": _("several: separate with commas"),
                "language": _("it, hu, ro, en …")}.get(name, "")

    def on_mount(self) -> None:
        self.query_one("#cf-name", Input).focus()

    # -- the values on the form -------------------------------------------------------------
    def value(self, field: str) -> str:
        if field in CHECKED:
            return "1" if self.query_one(f"#cf-{field}", Checkbox).value else ""
        if field == "notes":
            return self.query_one("#cf-notes", TextArea).text
        return self.query_one(f"#cf-{field}", Input).value.strip()

    def values(self) -> FormValues:
        return {name: self.value(name) for name in FIELDS}

    def fill(self, values: FormValues) -> None:
        for name in LINES:
            self.query_one(f"#cf-{name}", Input).value = values.get(name, "")
        for name in CHECKED:
            self.query_one(f"#cf-{name}", Checkbox).value = bool(values.get(name))
        self.query_one("#cf-notes", TextArea).text = values.get("notes", "")

    @on(Input.Changed, "#cf-phones")
    def _number_changed(self, event: Input.Changed) -> None:
        """A new customer's language follows the number until the operator chooses one."""
        if self.customer is not None:
            return
        language = self.query_one("#cf-language", Input)
        if language.value != self._auto_language:
            return  # chosen by hand
        numbers = split_list(event.value)
        self._auto_language = rules.language_for_phones(numbers) if numbers else ""
        language.value = self._auto_language

    # -- saving -----------------------------------------------------------------------------
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
        self.holding_keys = True  # keys typed meanwhile are for after it (console/held_keys.py)
        self._save()

    def show_error(self, message: str, field: str | None = None) -> None:
        self.query_one("#cf-error", Static).update(render.content(message))
        name = (field or "").split(".")[0]
        name = "marketing" if name == "consent" else name
        if name in FIELDS:
            self.query_one(f"#cf-{name}").focus()

    @work(exit_on_error=False, group="customer-form")
    async def _save(self) -> None:
        try:
            customer = await self._store(self.values())
        except Invalid as exc:
            self._saving = self.holding_keys = False
            self.show_error(exc.message, exc.field)
            return
        except BackendError as exc:
            self._saving = self.holding_keys = False
            self.show_error(exc.message)
            return
        if customer is None:
            self._saving = self.holding_keys = False  # back to editing: nothing stored
            return
        self.dismiss(customer)  # `_saving` stays set: nothing more to store from this form

    async def _store(self, values: FormValues) -> Customer | None:
        if self.customer is None:
            return await self._customers.create_customer(draft_from_values(values))
        for _attempt in range(3):
            current = self.customer
            changes = changes_from_values(values, self.base)
            if not changes.model_fields_set:
                return current
            try:
                return await self._customers.update_customer(current.id, current.version,
                                                             changes)
            except Conflict as conflict:
                chosen = await self._resolve(conflict, values)
                if chosen is None:
                    return None
                values = chosen
        raise Conflict(_("the customer keeps changing; try again in a moment"))

    async def _resolve(self, conflict: Conflict, mine: FormValues) -> FormValues | None:
        """Somebody saved this customer meanwhile: theirs, mine or merged, the conflict dialog
        the tickets use. Values to store on top of their version, or None (back to the form,
        which now holds the chosen values over their version)."""
        from screens.tickets.conflict_dialog import ConflictDialog, FieldsShown

        theirs = conflict.current
        if not isinstance(theirs, Customer):
            assert self.customer is not None
            theirs = await self._customers.get_customer(self.customer.id)
        theirs_values = values_from_customer(theirs)
        dialog = ConflictDialog(None, mine, self.base, theirs_values=theirs_values,
                                fields=FieldsShown(FIELDS, field_label, display_value),
                                title=_("{name} was changed by someone else while you "
                                        "edited it").format(name=render.clean_line(
                                            theirs.name, 60)))
        resolution = await self.app.push_screen_wait(dialog)
        if resolution is None:
            self.fill(mine)  # back to editing, nothing saved: the next save asks again
            return None
        self.customer, self.base = theirs, theirs_values  # the choice goes over their version
        self.fill(resolution.values)
        return resolution.values

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            # an unexpected failure: the operator may try again
            self._saving = self.holding_keys = False
        super().on_worker_state_changed(event)
