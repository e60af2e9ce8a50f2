"""The ticket's editable fields as a compact grid, and the conversions between form values
(plain strings, what drafts store) and the domain models.

Values are sanitised on the way in (they may come from a customer or a draft file), so the form
never shows a control character; a field counts as changed only when it differs from the
sanitised baseline, so opening and saving a ticket never rewrites text the operator left alone.

See docs/ARCHITECTURE.md, "screens/".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select
from textual.widgets.input import Selection

from backends.errors import Invalid, invalid_from_validation
from backends.i18n import _
from backends.sanitize import clean_line
from backends.tickets.inputs import TicketChanges, TicketDraft
from backends.tickets.models import Ticket, TicketCategory, TicketPriority, TicketStatus
from screens.common import render
from screens.tickets.subject_input import SubjectInput

FORM_FIELDS = ("subject", "category", "priority", "status", "tier", "assignee", "tags")
FormValues = dict[str, str]


def field_label(name: str) -> str:
    return {
        "subject": _("Subject"),
        "category": _("Category"),
        "priority": _("Priority"),
        "status": _("Status"),
        "tier": _("Tier"),
        "assignee": _("Assignee"),
        "tags": _("Tags"),
    }[name]


# one label table for the whole console (the lab's prompts use them too)
category_label = render.ticket_category_label
priority_label = render.ticket_priority_label
status_label = render.ticket_status_label  # one label table for the whole console


def display_value(name: str, value: str) -> str:
    """A form value as a person reads it (translated enum labels, 'nobody' for no assignee)."""
    try:
        if name == "category":
            return category_label(TicketCategory(value))
        if name == "priority":
            return priority_label(TicketPriority(value))
        if name == "status":
            return status_label(TicketStatus(value))
    except ValueError:
        return clean_line(value)
    if name == "assignee" and not value:
        return _("(nobody)")
    if name == "tags" and not value:
        return _("(none)")
    return clean_line(value)


def default_values(subject: str = "") -> FormValues:
    return {
        "subject": clean_line(subject, 300),
        "category": TicketCategory.INFORMATION.value,
        "priority": TicketPriority.NORMAL.value,
        "status": TicketStatus.NEW.value,
        "tier": "1",
        "assignee": "",
        "tags": "",
    }


def values_from_ticket(ticket: Ticket) -> FormValues:
    return {
        "subject": clean_line(ticket.subject),
        "category": ticket.category.value,
        "priority": ticket.priority.value,
        "status": ticket.status.value,
        "tier": str(ticket.tier),
        "assignee": clean_line(ticket.assignee or ""),
        "tags": ", ".join(clean_line(tag) for tag in ticket.tags),
    }


def coerce_values(raw: dict[str, Any]) -> FormValues:
    """Values read from an untrusted draft: strings only, sanitised, unknown keys dropped."""
    base = default_values()
    for name in FORM_FIELDS:
        value = raw.get(name)
        if isinstance(value, str):
            base[name] = clean_line(value, 300)
    return base


def _typed(name: str, value: str) -> Any:
    if name == "tier":
        if not value.strip().isdigit():
            raise Invalid("tier", _("must be 1, 2 or 3"))
        return int(value)
    if name == "assignee":
        return value.strip() or None
    if name == "tags":
        return [tag.strip() for tag in value.split(",") if tag.strip()]
    return value


def changed_fields(values: FormValues, baseline: FormValues) -> FormValues:
    return {name: values[name] for name in FORM_FIELDS if values.get(name) != baseline.get(name)}


def to_changes(values: FormValues) -> TicketChanges:
    """Invalid (naming the field) when a value does not fit the model."""
    typed = {name: _typed(name, value) for name, value in values.items()}
    try:
        return TicketChanges(**typed)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        raise invalid_from_validation(exc) from None


def to_draft(values: FormValues, **links: Any) -> TicketDraft:
    typed = {name: _typed(name, value) for name, value in values.items()}
    try:
        return TicketDraft(**typed, **links)
    except ValueError as exc:
        raise invalid_from_validation(exc) from None


class TicketForm(Widget):
    """Subject, category, priority, status, tier, assignee and tags in a compact grid."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    class Changed(Message):
        """A field changed (also after `set_values`: the editor compares values, not events)."""

    def compose(self) -> ComposeResult:
        with Grid():
            yield Label(field_label("subject"))
            yield SubjectInput(id="subject", compact=True, max_length=300)
            yield Label(field_label("category"))
            yield Select([(category_label(c), c.value) for c in TicketCategory],
                         id="category", value=TicketCategory.INFORMATION.value,
                         allow_blank=False, compact=True)
            yield Label(field_label("priority"))
            yield Select([(priority_label(p), p.value) for p in TicketPriority],
                         id="priority", value=TicketPriority.NORMAL.value,
                         allow_blank=False, compact=True)
            yield Label(field_label("status"))
            yield Select([(status_label(s), s.value) for s in TicketStatus],
                         id="status", value=TicketStatus.NEW.value, allow_blank=False, compact=True)
            yield Label(field_label("tier"))
            yield Select([(str(n), str(n)) for n in (1, 2, 3)], id="tier", value="1",
                         allow_blank=False, compact=True)
            yield Label(field_label("assignee"))
            yield Input(id="assignee", compact=True, max_length=40)
            yield Label(field_label("tags"))
            yield Input(id="tags", compact=True, max_length=400)

    def values(self) -> FormValues:
        out: FormValues = {}
        for name in FORM_FIELDS:
            widget = self.query_one(f"#{name}")
            if isinstance(widget, Input):
                out[name] = widget.value
            else:
                assert isinstance(widget, Select)
                out[name] = "" if widget.value is Select.NULL else str(widget.value)
        return out

    def set_values(self, values: FormValues) -> None:
        for name in FORM_FIELDS:
            widget = self.query_one(f"#{name}")
            value = values.get(name, "")
            if isinstance(widget, Input):
                widget.value = value
                widget.cursor_position = len(value)
            elif isinstance(widget, Select):
                widget.value = value

    def focus_subject(self) -> None:
        """Focus the subject with its text selected, so typing replaces a prefilled one."""
        subject = self.query_one("#subject", Input)
        subject.focus()
        subject.selection = Selection(0, len(subject.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())
