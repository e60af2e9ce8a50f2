"""A campaign's key settings typed by a supervisor: name, purpose, dial mode, calling hours,
queue and team. Each field is read here with a reason a person can act on; the campaign then
goes to the store through `save`, whose refusal (a name taken, hours ending before they
start) is shown in the dialog, which stays open (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import time
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from backends.campaigns.models import Campaign, DialMode, Purpose
from backends.errors import BackendError, Invalid
from backends.i18n import N_, _
from screens.common.render import content

Save = Callable[[dict[str, Any]], Awaitable[object]]
# (field, label marked for the catalogs, translated when shown); the order of the dialog
FIELDS: tuple[tuple[str, str], ...] = (
    ("name", N_("Name")), ("purpose", N_("Purpose")), ("dial_mode", N_("Dial mode")),
    ("hours_start", N_("Calls from")), ("hours_end", N_("Calls until")), ("queue", N_("Queue")),
    ("team", N_("Team")))
CHOICES: dict[str, tuple[str, ...]] = {
    "purpose": tuple(p.value for p in Purpose),
    "dial_mode": tuple(m.value for m in DialMode),
}


def shown(campaign: Campaign | None) -> dict[str, str]:
    """The fields as typed text: the campaign's, or empty for a new one."""
    if campaign is None:
        return {"purpose": Purpose.TELEMARKETING.value, "dial_mode": DialMode.PREVIEW.value,
                "hours_start": "09:00", "hours_end": "20:00", "queue": "outbound"}
    return {"name": campaign.name, "purpose": campaign.purpose.value,
            "dial_mode": campaign.dial_mode.value,
            "hours_start": campaign.hours_start.strftime("%H:%M"),
            "hours_end": campaign.hours_end.strftime("%H:%M"),
            "queue": campaign.queue, "team": campaign.team}


def read_fields(typed: dict[str, str]) -> dict[str, Any]:
    """The typed fields as settings; Invalid naming the field (as in FIELDS) and why."""
    values: dict[str, Any] = {}
    for field, _label in FIELDS:
        text = typed.get(field, "").strip()
        if field in CHOICES:
            if text not in CHOICES[field]:
                raise Invalid(field, _("one of {choices}").format(
                    choices=", ".join(CHOICES[field])))
            values[field] = text
        elif field.startswith("hours_"):
            try:
                values[field] = time.fromisoformat(text)
            except ValueError:
                raise Invalid(field, _("a time of day such as 09:00")) from None
        elif field == "name" and not text:
            raise Invalid(field, _("a campaign needs a name"))
        else:
            values[field] = text
    return values


class SettingsDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    SettingsDialog { align: center middle; }
    SettingsDialog > Vertical { width: 64; max-width: 100%; height: auto; max-height: 22;
                                border: round $accent; background: $surface; padding: 0 1; }
    SettingsDialog Horizontal { height: 1; }
    SettingsDialog Label { width: 14; }
    SettingsDialog Input, SettingsDialog Input:focus { width: 1fr; height: 1; border: none;
                                                       padding: 0 1; }
    SettingsDialog Input:focus { background: $boost; }
    SettingsDialog #settings-error { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="campaign_settings_cancel"),
        Binding("ctrl+s", "save", _("Save"), id="campaign_settings_save", priority=True),
    ]

    def __init__(self, title: str, campaign: Campaign | None, save: Save) -> None:
        super().__init__()
        self.title_text, self.campaign, self.save = title, campaign, save

    def compose(self) -> ComposeResult:
        values = shown(self.campaign)
        with Vertical():
            yield Static(content(self.title_text, "bold"))
            for field, label in FIELDS:
                with Horizontal():
                    yield Label(content(_(label)))
                    yield Input(values.get(field, ""), id=f"settings-{field}",
                                max_length=60, tooltip=", ".join(CHOICES.get(field, ())))
            yield Static(content(_("Enter: next field, save on the last · Esc: cancel")))
            yield Static(id="settings-error")

    @on(Input.Submitted)
    async def _next_or_save(self, event: Input.Submitted) -> None:
        if event.input.id == f"settings-{FIELDS[-1][0]}":
            await self.action_save()
        else:
            self.focus_next()

    async def action_save(self) -> None:
        typed = {f: self.query_one(f"#settings-{f}", Input).value for f, _label in FIELDS}
        labels = dict(FIELDS)
        try:
            values = read_fields(typed)
            if self.campaign is not None:  # a change: only what was retyped (23:59 shown
                before = shown(self.campaign)  # for 23:59:59.999 must not cut a minute off)
                values = {k: v for k, v in values.items()
                          if typed[k].strip() != before.get(k, "")}
        except Invalid as exc:  # the dialog's own label for the field
            self._refuse(f"{_(labels.get(exc.field or '', ''))}: {exc.reason}", exc.field)
            return
        try:
            await self.save(values)
        except BackendError as exc:  # the store's refusal, naming its field
            self._refuse(str(exc), getattr(exc, "field", None))
            return
        self.dismiss(True)

    def _refuse(self, message: str, field: str | None) -> None:
        self.query_one("#settings-error", Static).update(content(message))
        if field in dict(FIELDS):
            self.query_one(f"#settings-{field}", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(False)
