"""Untrusted data → display objects. Every customer, caller or ticket text shown on a screen goes
through here: sanitised by backends.sanitize, wrapped in `Text`/`Content` so it is never parsed
as markup (a customer named `[@click=app.quit]` stays a name). (docs/ARCHITECTURE.md,
"screens/")"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from rich.text import Text
from textual.content import Content
from textual.notifications import SeverityLevel

from backends import phones
from backends.calls.models import CallState, Channel
from backends.i18n import _, date_time
from backends.people.models import Presence
from backends.sanitize import clean, clean_line
from backends.tickets.models import TicketCategory, TicketPriority, TicketStatus
from screens.common.clock import Clock, system_clock  # noqa: F401  (re-exported for the screens)


def text(value: object, style: str = "", max_length: int | None = None) -> Text:
    """One line of untrusted text as a rich Text (DataTable cells)."""
    return Text(clean_line(value, max_length), style=style, no_wrap=True, overflow="ellipsis")


def content(value: object, style: str = "", max_length: int | None = None) -> Content:
    """One line of untrusted text as Content (Static, Label, OptionList, notify)."""
    return Content.styled(clean_line(value, max_length), style) if style else Content(
        clean_line(value, max_length))


def block(value: object, style: str = "") -> Content:
    """Multi-line untrusted text (notes, ticket bodies)."""
    return Content.styled(clean(value), style) if style else Content(clean(value))


def pretty_phone(number: str | None) -> str:
    """A stored number for display; anything that is not E.164 (chat handle, email) as is."""
    if not number:
        return ""
    return phones.pretty(number) if phones.is_e164(number) else clean_line(number, 60)


def duration(seconds: float) -> str:
    """m:ss under an hour, h:mm:ss above; never negative (clocks of two hosts may differ)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(since: datetime | None, now: datetime) -> float:
    if since is None:
        return 0.0
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return max(0.0, (now - since).total_seconds())


def local_time(moment: datetime | None) -> str:
    """The one date-time format of the operator's language (backends/i18n.py)."""
    return date_time(moment)


def presence_label(presence: Presence) -> str:
    return {
        Presence.AVAILABLE: _("Available"),
        Presence.ON_CALL: _("On call"),
        Presence.WRAP_UP: _("Wrap-up"),
        Presence.PAUSED: _("Paused"),
        Presence.OFFLINE: _("Offline"),
        Presence.AWAY: _("Away"),
        Presence.DND: _("Do not disturb"),
    }[presence]


PRESENCE_STYLE = {
    Presence.AVAILABLE: "bold black on green",
    Presence.ON_CALL: "bold white on dark_blue",
    Presence.WRAP_UP: "bold black on yellow",
    Presence.PAUSED: "bold white on dark_red",
    Presence.OFFLINE: "bold white on grey30",
    Presence.AWAY: "bold black on orange1",
    Presence.DND: "bold white on red",
}


# Queue id → the name a person reads (data/queues.json, set by the console at start: screens
# do not read the console's data files themselves). An id not listed shows as itself.
_queue_names: dict[str, str] = {}


def name_queues(names: dict[str, str]) -> None:
    _queue_names.clear()
    _queue_names.update(names)


def queue_label(queue: str) -> str:
    name = _queue_names.get(queue)
    return _(name) if name else queue


_outcome_labels: dict[str, str] = {}


def name_outcomes(labels: dict[str, str]) -> None:
    """The call outcomes' labels by code (the store's dispositions, read at start-up)."""
    _outcome_labels.clear()
    _outcome_labels.update(labels)


def outcome_label(code: str | None) -> str:
    """A call's outcome as the operator reads it ("Resolved on the call" in their language),
    its code when the label is not known (yet)."""
    if not code:
        return ""
    label = _outcome_labels.get(code)
    return _(label) if label else code


def channel_label(channel: Channel) -> str:
    return {
        Channel.VOICE: _("voice"),
        Channel.EMAIL: _("email"),
        Channel.CHAT: _("chat"),
        Channel.SMS: _("sms"),
    }[channel]


def call_state_label(state: CallState) -> str:
    return {
        CallState.WAITING: _("waiting"),
        CallState.OFFERED: _("offered"),
        CallState.ACTIVE: _("active"),
        CallState.ON_HOLD: _("on hold"),
        CallState.WRAP_UP: _("wrap-up"),
        CallState.DONE: _("done"),
        CallState.ABANDONED: _("abandoned"),
        CallState.TRANSFERRED: _("transferred"),
    }[state]


def ticket_status_label(status: TicketStatus) -> str:
    return {
        TicketStatus.NEW: _("new"),
        TicketStatus.OPEN: _("open"),
        TicketStatus.PENDING: _("pending"),
        TicketStatus.RESOLVED: _("resolved"),
        TicketStatus.CLOSED: _("closed"),
    }[status]


def ticket_category_label(value: TicketCategory) -> str:
    return {
        TicketCategory.INFORMATION: _("information"),
        TicketCategory.TECHNICAL: _("technical"),
        TicketCategory.ADMINISTRATIVE: _("administrative"),
        TicketCategory.COMPLAINT: _("complaint"),
        TicketCategory.ORDER: _("order"),
        TicketCategory.REFUND: _("refund"),
        TicketCategory.OTHER: _("other"),
    }[value]


def ticket_priority_label(value: TicketPriority) -> str:
    return {
        TicketPriority.LOW: _("low"),
        TicketPriority.NORMAL: _("normal"),
        TicketPriority.HIGH: _("high"),
        TicketPriority.URGENT: _("urgent"),
    }[value]


class Notifier(Protocol):
    """A widget, screen or app: what can show a notification."""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...


def notify_error(widget: Notifier, message: object, *, title: str = "",
                 severity: SeverityLevel = "error") -> None:
    """A notification carrying untrusted text (an error message may quote user input)."""
    widget.notify(clean_line(message, 300), title=title, severity=severity, markup=False)
