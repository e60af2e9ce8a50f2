"""The supervisor's campaign view at 80x24 on a real SQLite file, from the keyboard: a
campaign's progress and abandoned share as the store has them (written by another
connection, as operators and the dialler would), a new campaign made with N, a key setting
changed with E, and a bad value refused in the dialog with the field and the reason."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import AttemptDraft, CampaignDraft, ContactDraft
from backends.campaigns.models import DialMode
from backends.campaigns.rules import default_outcomes
from backends.sqlite import SqliteBackend
from console.campaigns_app import CampaignsApp
from screens.campaigns.settings_dialog import SettingsDialog
from screens.campaigns.supervisor_screen import CampaignsScreen
from tests.conformance.test_campaigns import ALL_DAY
from tests.ui_lab.harness import type_text, wait_for


def row(app: CampaignsApp, campaign_id: int) -> list[str]:
    table: DataTable[Text] = app.screen.query_one(DataTable)
    try:
        return [str(c) for c in table.get_row(str(campaign_id))]
    except Exception:  # not drawn yet
        return []


def shown(app: CampaignsApp, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


async def _stocked(db: Path) -> int:
    async with SqliteBackend(db) as store:
        campaigns = store.domain(CAMPAIGNS)
        made = await campaigns.create_campaign(CampaignDraft(
            name="Winter offer", dial_mode=DialMode.PROGRESSIVE, outcomes=default_outcomes(),
            **ALL_DAY))
        await campaigns.add_contacts(made.id, [
            ContactDraft(phone=f"+3906{10000000 + n}", business=True) for n in range(5)])
        for outcome in ("sale", "no_answer"):
            taken = await campaigns.next_contact(made.id, "anna")
            assert taken is not None
            await campaigns.record_attempt(AttemptDraft(contact_id=taken.id, operator="anna",
                                                        outcome=outcome))
        for abandoned in (False,) * 9 + (True,):
            await campaigns.record_live_call(made.id, abandoned)
        return made.id


async def test_progress_new_campaign_and_a_changed_setting_from_the_keyboard(
        tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    first = await _stocked(db)
    app = CampaignsApp(SqliteBackend(db), lambda b: CampaignsScreen(b.domain(CAMPAIGNS)),
                       cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(row(app, first)), "the campaign's row")
        await pilot.press("escape")  # the board's own app: nothing to go back to
        await pilot.pause(0.2)
        assert isinstance(app.screen, CampaignsScreen)
        # left 4 (one sale done), tried 2, reached 1, converted 1, 1 of 10 abandoned
        assert row(app, first) == ["Winter offer", "progressive", "4", "2", "1", "1", "10.0%"]
        details = shown(app, "#campaign-details")
        assert "abandoned 1 of 10 live calls in 24 h (limit 3%)" in details
        assert "No answer 1" in details and "Sale / converted 1" in details  # labels

        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsDialog), "the dialog")
        await type_text(pilot, "Spring survey")
        await pilot.press("ctrl+s")
        async with SqliteBackend(db) as store:
            names = [c.name for c in await store.domain(CAMPAIGNS).list_campaigns()]
        assert names == ["Spring survey", "Winter offer"]
        await wait_for(pilot, lambda: isinstance(app.screen, CampaignsScreen)
                       and app.screen.query_one(DataTable).row_count == 2, "two rows")

        await pilot.press("down", "e")  # Winter offer, second by name
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsDialog), "the dialog")
        until = app.screen.query_one("#settings-hours_end", Input)
        until.value = "07:00"  # before the start typed below
        app.screen.query_one("#settings-hours_start", Input).value = "09:00"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "end after they start" in shown(app, "#settings-error"),
                       "the refusal")
        assert isinstance(app.screen, SettingsDialog)  # still open, to be corrected
        until.value = "18:30"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CampaignsScreen), "back")
    async with SqliteBackend(db) as store:
        changed = await store.domain(CAMPAIGNS).get_campaign(first)
    assert (changed.hours_start, changed.hours_end) == (time(9), time(18, 30))


async def test_the_board_and_its_dialog_speak_the_supervisor_s_language(tmp_path: Path) -> None:
    """Tried as a new user in Italian: the board said "progressive", "teleselling" and
    "no_answer 4", and its dialog "Purpose", "Dial mode", "Calls from", "Calls until"."""
    from backends import i18n
    from console.language import activate_language

    db = tmp_path / "store.db"
    first = await _stocked(db)
    activate_language("it")
    try:
        app = CampaignsApp(SqliteBackend(db), lambda b: CampaignsScreen(b.domain(CAMPAIGNS)),
                           cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: bool(row(app, first)), "the campaign's row")
            assert row(app, first)[1] == "progressiva"
            details = shown(app, "#campaign-details")
            assert "Nessuna risposta 1" in details and "Vendita / convertito 1" in details
            assert "progressiva" in details and "progressive" not in details
            assert "no_answer" not in details
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, SettingsDialog), "the dialog")
            labels = " ".join(str(label.render()) for label in app.screen.query("Label"))
            for english in ("Purpose", "Dial mode", "Calls from", "Calls until"):
                assert english not in labels
            assert "Scopo" in labels and "Modalità di chiamata" in labels
    finally:
        i18n.activate("en", None)
