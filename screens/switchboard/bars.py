"""The switchboard's two live lines, as display objects: the call on top (mine, or the next one
waiting, with who calls and whom they ask for: the screen pop) and the parked calls with their
timers. Untrusted text goes through screens/common/render (docs/ARCHITECTURE.md,
"screens/")."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from backends.calls.models import Call, CallState
from backends.i18n import _, ngettext
from backends.parking.models import ParkedCall
from backends.sanitize import clean_line
from screens.common import render


def call_line(call: Call | None, customer: str | None, waiting: list[Call],
              now: datetime) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    if call is not None:
        held = call.state is CallState.ON_HOLD
        line.append((_("On hold") if held else _("On the line")) + " ",
                    style="bold white on dark_blue")
        line.append(" " + render.pretty_phone(call.caller))
        if customer:
            line.append("  " + clean_line(customer, 40), style="bold")
        line.append("  " + render.duration(render.elapsed(call.answered_at, now)))
        if call.notes:
            line.append("  " + clean_line(call.notes, 80), style="italic")
        return line
    if not waiting:
        line.append(_("No call waiting"), style="dim")
        return line
    first = waiting[0]
    line.append(ngettext("{n} call waiting", "{n} calls waiting", len(waiting)).format(
        n=len(waiting)) + " ", style="bold black on yellow")
    line.append(" " + _("next:") + " " + render.pretty_phone(first.caller))
    if first.notes:
        line.append("  " + clean_line(first.notes, 80), style="italic")
    line.append("  (F5)", style="dim")
    return line


def parked_line(parked: list[ParkedCall], now: datetime) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    if not parked:
        line.append(_("Parking: all slots free"), style="dim")
        return line
    line.append(_("Parked") + ":", style="bold")
    for call in parked:
        left = (call.returns_at - now).total_seconds()
        line.append(f"  [{call.slot}] ", style="bold magenta")
        line.append(render.pretty_phone(call.caller) + " ")
        line.append(render.duration(render.elapsed(call.parked_at, now)),
                    style="red" if left < 30 else "")
        line.append(" " + clean_line(call.parked_by, 20), style="dim")
    return line
