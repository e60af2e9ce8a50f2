"""One line that is always visible: who I am, my state and for how long, the call I am on.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from backends.calls.models import Call, CallState
from backends.i18n import _, current_language
from backends.people.models import Operator, Presence
from screens.common import render


class OperatorStatus(Static):
    DEFAULT_CSS = """
    OperatorStatus { height: 1; width: 1fr; background: $boost; }
    """

    def __init__(self, operator_name: str, clock: render.Clock, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._operator_name = operator_name
        self.operator: Operator | None = None
        self.call: Call | None = None
        self.customer_name: str | None = None
        self.customer_language: str | None = None
        self.offline = False
        # when the backend's clock and ours disagree, our own observation of the change wins
        self._since: datetime | None = None

    def on_mount(self) -> None:
        self.redraw()
        self.set_interval(1.0, self.redraw)

    def show(self, operator: Operator | None, call: Call | None,
             customer_name: str | None, customer_language: str | None = None) -> None:
        if operator is not None and (self.operator is None
                                     or operator.presence != self.operator.presence):
            self._since = min(operator.presence_since, self._clock())
        self.operator = operator
        self.call = call
        self.customer_name = customer_name
        self.customer_language = customer_language
        self.redraw()

    def redraw(self) -> None:
        now = self._clock()
        parts: list[Content | tuple[str, str] | str] = []
        if self.operator is None:
            parts.append((f" {_('Connecting…')} ", "bold white on grey30"))
        else:
            presence = self.operator.presence
            label = render.presence_label(presence)
            since = render.duration(render.elapsed(self._since, now))
            parts.append((f" {label} {since} ", render.PRESENCE_STYLE[presence]))
            if presence is Presence.PAUSED and self.operator.pause_reason:
                parts.append(" ")
                parts.append(render.content(self.operator.pause_reason, "italic", 30))
        parts.append(" ")
        parts.append(render.content(self._operator_name, "bold", 20))
        if self.call is not None:
            parts.append("  ☎ ")
            parts.append(render.content(render.pretty_phone(self.call.caller), max_length=24))
            if self.customer_name:
                parts.append(" ")
                parts.append(render.content(self.customer_name, "bold", 24))
            spoken = (self.customer_language or "").lower()
            if spoken and spoken != current_language():  # answer in the caller's language
                parts.append((f" {render.clean_line(spoken.upper(), 3)} ",
                              "bold black on yellow"))
            talk = render.duration(render.elapsed(self.call.answered_at, now))
            state = {CallState.ON_HOLD: _("on hold"), CallState.WRAP_UP: _("wrap-up")}.get(
                self.call.state, "")
            parts.append(f" {talk}")
            if state:
                parts.append((f" {state}", "bold yellow"))
        if self.offline:
            parts.append(("  " + _("OFFLINE"), "bold white on red"))
        # one line of fixed height and width (its CSS): the new text never needs a layout of
        # the whole screen, which a plain update asked for at every second's redraw
        self.update(Content.assemble(*parts), layout=False)
