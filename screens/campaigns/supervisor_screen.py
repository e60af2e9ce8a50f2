"""The supervisor's campaigns: each campaign's progress (contacts left, attempted, reached,
converted) and the pacing guard's abandoned share over 24 hours, the selected one's outcomes
and settings below; new campaigns and changes to a campaign's key settings through
SettingsDialog. Read again every few seconds (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from backends.campaigns.api import Campaigns
from backends.campaigns.inputs import CampaignChanges, CampaignDraft
from backends.campaigns.models import Campaign, Progress
from backends.campaigns.rules import ABANDON_LIMIT, default_outcomes
from backends.errors import BackendError, invalid_from_validation
from backends.i18n import _, percent
from screens.campaigns.campaign_keys import bindings
from screens.campaigns.labels import mode_label, outcome_label, purpose_label
from screens.campaigns.settings_dialog import SettingsDialog
from screens.common.fitting_footer import FittingFooter
from screens.common.render import block, content, text

REFRESH_SECONDS = 3.0
M = TypeVar("M", bound=BaseModel)


def checked(model: type[M], values: dict[str, Any]) -> M:
    """`values` as `model`; Invalid (a BackendError the dialog shows) when refused."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None


def share_text(progress: Progress) -> Text:
    """The abandoned share, red once it is over the limit."""
    over = progress.abandon_share > ABANDON_LIMIT
    return text(percent(progress.abandon_share, 1), "bold red" if over else "")


def details(campaign: Campaign, progress: Progress) -> str:
    """The selected campaign's settings, outcomes and pacing, in a few short lines."""
    hours = _("{purpose} · {mode} · calls {start}-{end} · queue {queue}").format(
        purpose=purpose_label(campaign.purpose), mode=mode_label(campaign.dial_mode),
        start=campaign.hours_start.strftime("%H:%M"), end=campaign.hours_end.strftime("%H:%M"),
        queue=campaign.queue)
    outcomes = ", ".join(f"{outcome_label(campaign, code)} {n}"
                         for code, n in progress.by_outcome.items())
    pacing = _("abandoned {abandoned} of {live} live calls in 24 h (limit {limit})").format(
        abandoned=progress.abandoned_24h, live=progress.live_24h, limit=percent(ABANDON_LIMIT))
    return "\n".join([hours, _("outcomes: {list}").format(list=outcomes or "-"), pacing])


class CampaignsScreen(Screen[None]):
    DEFAULT_CSS = """
    CampaignsScreen #campaigns-head { height: 1; background: $primary; padding: 0 1; }
    CampaignsScreen DataTable { height: 1fr; }
    CampaignsScreen #campaign-details { height: auto; max-height: 5; padding: 0 1; }
    CampaignsScreen #campaigns-status { height: auto; max-height: 2; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings()

    def __init__(self, campaigns: Campaigns, *, closable: bool = False) -> None:
        """`closable`: opened over another screen (the operator console), which Esc goes back
        to; the campaign board app's only screen is not."""
        super().__init__()
        self.campaigns = campaigns
        self.closable = closable
        self.rows: list[tuple[Campaign, Progress]] = []

    def compose(self) -> ComposeResult:
        yield Static(content(_("Campaigns")), id="campaigns-head")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Campaign"), _("Mode"), _("Left"), _("Tried"), _("Reached"),
                          _("Conv."), _("Aband."))
        yield table
        yield Static(id="campaign-details")
        yield Static(id="campaigns-status")
        yield FittingFooter()  # F1 (every key) stays whatever else fits

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.set_interval(REFRESH_SECONDS, self.action_refresh)
        self.action_refresh()

    @work(exclusive=True, exit_on_error=False, group="campaigns-read")
    async def action_refresh(self) -> None:
        try:
            found = await self.campaigns.list_campaigns()
            self.rows = [(c, await self.campaigns.progress(c.id)) for c in found]
        except BackendError as exc:
            self._status(str(exc))
            return
        self._status("" if self.rows else _("No campaign yet: N creates one."))
        self._draw()

    def _draw(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for campaign, progress in self.rows:
            table.add_row(text(campaign.name, max_length=22), text(mode_label(campaign.dial_mode)),
                          text(str(progress.left)), text(str(progress.attempted)),
                          text(str(progress.reached)), text(str(progress.converted)),
                          share_text(progress), key=str(campaign.id))
        if self.rows:
            table.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))
        self._show_selected()

    @on(DataTable.RowHighlighted)
    def _show_selected(self) -> None:
        selected = self.selected()
        shown = "" if selected is None else details(*selected)
        self.query_one("#campaign-details", Static).update(block(shown))

    def selected(self) -> tuple[Campaign, Progress] | None:
        row = self.query_one(DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _status(self, message: str) -> None:
        self.query_one("#campaigns-status", Static).update(content(message))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            return self.closable
        return True

    def action_close(self) -> None:
        self.dismiss()

    def action_new(self) -> None:
        async def save(values: dict[str, Any]) -> None:
            made = await self.campaigns.create_campaign(checked(CampaignDraft, {
                **values, "outcomes": default_outcomes()}))
            self._status(_("campaign {id} created: {name}").format(id=made.id, name=made.name))

        self.app.push_screen(SettingsDialog(_("New campaign"), None, save), self._after)

    def action_change(self) -> None:
        selected = self.selected()
        if selected is None:
            self._status(_("No campaign selected."))
            return
        campaign = selected[0]

        async def save(values: dict[str, Any]) -> None:
            made = await self.campaigns.update_campaign(campaign.id,
                                                        checked(CampaignChanges, values))
            self._status(_("campaign {id} changed: {name}").format(id=made.id, name=made.name))

        self.app.push_screen(SettingsDialog(_("Change {name}").format(name=campaign.name),
                                            campaign, save), self._after)

    @on(DataTable.RowSelected)
    def _enter_changes(self) -> None:
        self.action_change()

    def _after(self, saved: bool | None) -> None:
        if saved:
            self.action_refresh()
