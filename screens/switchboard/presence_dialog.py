"""My presence on the switchboard (issue 19, item 5): available, away with a note and a return
time, or do-not-disturb. Type the note and the time (HH:MM, today or else tomorrow, local
time), each followed by Enter, then pick the presence with Enter on it (away is highlighted)
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from backends.errors import BackendError
from backends.i18n import _
from backends.people.api import People
from backends.people.models import Presence
from screens.common import render

CHOICES = (Presence.AVAILABLE, Presence.AWAY, Presence.DND)
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def back_at(text: str, now: datetime) -> datetime | None:
    """HH:MM as the next such local time; None when empty; ValueError when not a time."""
    text = text.strip()
    if not text:
        return None
    match = _CLOCK.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(_("'{text}' is not a time such as 14:30").format(text=text))
    local = now.astimezone()
    when = local.replace(hour=int(match[1]), minute=int(match[2]), second=0, microsecond=0)
    return when if when > local else when + timedelta(days=1)


class PresenceDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    PresenceDialog { align: center middle; }
    PresenceDialog > Vertical { width: 56; max-width: 98%; height: auto;
        border: thick $accent; background: $surface; padding: 0 1; }
    PresenceDialog OptionList { height: auto; }
    PresenceDialog #presence-error { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="presence_cancel"),
    ]

    def __init__(self, people: People, me: str) -> None:
        super().__init__()
        self.people = people
        self.me = me

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("My presence"), markup=False)
            yield Input(placeholder=_("Note, e.g. at a client's"), id="presence-note",
                        max_length=80)
            yield Input(placeholder=_("Back at (HH:MM)"), id="presence-back", max_length=5)
            yield OptionList(*[Option(render.presence_label(p), id=p.value) for p in CHOICES],
                             id="presence-options")
            yield Static("", id="presence-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 1  # away
        self.query_one("#presence-note", Input).focus()

    @on(Input.Submitted, "#presence-note")
    def _to_time(self, _event: Input.Submitted) -> None:
        self.query_one("#presence-back", Input).focus()

    @on(Input.Submitted, "#presence-back")
    def _to_choice(self, _event: Input.Submitted) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.save(Presence(event.option.id or "available"))

    @work(exclusive=True, exit_on_error=False)
    async def save(self, presence: Presence) -> None:
        error = self.query_one("#presence-error", Static)
        note = self.query_one("#presence-note", Input).value
        try:
            typed = self.query_one("#presence-back", Input).value
            when = back_at(typed, datetime.now().astimezone())
            await self.people.set_presence(self.me, presence, note or None, when)
        except ValueError as exc:
            error.update(render.content(str(exc)))
            return
        except BackendError as exc:
            error.update(render.content(exc.message))
            return
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
