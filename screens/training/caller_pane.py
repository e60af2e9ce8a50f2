"""The caller pane: the scenario's lines as the caller's speech, revealed as the trainee acts,
with what the trainee did between them (docs/ARCHITECTURE.md, "screens/"). Lines come from
scenario files: rendered as plain text, never markup."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from backends.i18n import _
from backends.training.catalog import Library
from backends.training.play import Line
from backends.training.scenarios import Scenario
from screens.common.render import content
from screens.training.choices import value_name


def action_label(kind: str) -> str:
    names = {
        "answer": _("answered"), "identify": _("identified"), "info": _("informed"),
        "wrong_info": _("informed"), "ticket": _("opened a ticket"),
        "escalate": _("escalated"), "transfer": _("transferred"),
        "wrong_transfer": _("transferred"), "message": _("took a message for"),
        "script": _("script step"), "note": _("wrote a note"),
        "account_details": _("read account details"), "wrong_question": _("asked off-topic"),
        "hang_up": _("hung up"), "outcome": _("outcome"),
    }
    return names.get(kind, kind)


class CallerPane(VerticalScroll):
    DEFAULT_CSS = """
    CallerPane { height: 1fr; border: round $primary; padding: 0 1; }
    CallerPane > .caller { color: $text; }
    CallerPane > .trainee { color: $text-muted; }
    """

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        """`library`: the names of what the trainee picked (topics, departments, outcomes)."""
        super().__init__(id=id)
        self.library = library
        self._shown: list[Line] = []

    def show(self, scenario: Scenario, lines: list[Line], language: str,
             persona: str) -> None:
        """Show `lines`: only the new ones are mounted when the call went on (the common
        case, one action at a time); otherwise the pane is rebuilt."""
        same_start = lines[:len(self._shown)] == self._shown
        if not same_start:
            self.remove_children()
            self._shown = []
        widgets = [self._widget(self.library, scenario, line, language, persona)
                   for line in lines[len(self._shown):]]
        self._shown = list(lines)
        fresh = [w for w in widgets if w is not None]
        if fresh:
            self.mount_all(fresh)
        self.scroll_end(animate=False)

    @staticmethod
    def _widget(library: Library, scenario: Scenario, line: Line, language: str,
                persona: str) -> Static | None:
        if line.speaker == "caller" and line.text is not None:
            said = scenario.text(line.text, language)
            return Static(content(f"{persona}: {said}"), classes="caller")
        if line.action is not None:
            what = action_label(line.action.kind.value)
            value = line.action.value or ""
            if value:  # a key (a topic, a department, an outcome), read by its name
                value = " " + value_name(library, line.action.kind, value)
            return Static(content(_("You: {what}").format(what=what) + value),
                          classes="trainee")
        return None
