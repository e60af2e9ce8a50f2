"""The instructor's choice of lab session for the board: every session, newest first, with
its state and class size; Enter shows the highlighted one, Escape keeps the board as it is.
The board opens on the newest running session; an instructor with two classes (or one to
debrief from yesterday) switches here, in the terminal and in the browser (`lab web`, whose
board has no command line to name a session)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from backends.i18n import _, ngettext
from backends.training.models import LabSession, session_state_label
from screens.common.render import content, local_time


def session_line(session: LabSession) -> str:
    """One session as the instructor reads it: name, state, class size, when it was made."""
    trainees = ngettext("{count} trainee", "{count} trainees",
                        len(session.trainees)).format(count=len(session.trainees))
    return _("{name} · {state} · {trainees} · made {when}").format(
        name=session.name, state=session_state_label(session.state), trainees=trainees,
        when=local_time(session.created_at))


class SessionPicker(ModalScreen[int | None]):
    """Answers the chosen session's id, or None."""

    DEFAULT_CSS = """
    SessionPicker { align: center middle; }
    SessionPicker > Vertical { width: 76; max-width: 100%; height: auto; max-height: 20;
                               border: round $accent; background: $surface; padding: 0 1; }
    SessionPicker OptionList { height: auto; max-height: 14; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="lab_sessions_cancel"),
    ]

    def __init__(self, sessions: list[LabSession], current: int) -> None:
        super().__init__()
        self.sessions = sorted(sessions, key=lambda s: s.id, reverse=True)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(content(_("Which session should the board show?")))
            yield OptionList(*[Option(content(session_line(s), max_length=200), id=str(s.id))
                               for s in self.sessions], id="sessions")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        at = next((i for i, s in enumerate(self.sessions) if s.id == self.current), 0)
        if self.sessions:
            options.highlighted = at
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
