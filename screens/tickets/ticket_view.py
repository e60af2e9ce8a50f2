"""Read-only parts of the ticket editor: the header line and the entries (oldest first).
Everything in them came from people (customers, colleagues), so it is sanitised Content.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from backends.i18n import _, date_time
from backends.models import Call, Customer, EntryKind, Ticket, TicketEntry
from backends.sanitize import clean, clean_line


def format_time(moment: datetime) -> str:
    """Entry timestamps in local time (a module function so snapshot tests can freeze it)."""
    return date_time(moment)  # the one date-time format (backends/i18n.py)


def kind_label(kind: EntryKind) -> str:
    return {
        EntryKind.NOTE: _("note"),
        EntryKind.REPLY: _("reply"),
        EntryKind.CALL_LOG: _("call log"),
        EntryKind.SYSTEM: _("system"),
    }[kind]


def header_content(ticket: Ticket | None, customer: Customer | None,
                   call: Call | None) -> Content:
    parts: list[str | tuple[str, str]] = [
        (ticket.ref, "bold") if ticket is not None else (_("New ticket"), "bold")]
    if customer is not None:
        parts.append(" · " + clean_line(customer.name, 60))
        if customer.is_vip:
            parts.append((" VIP", "bold"))
    if call is not None:
        parts.append(" · " + _("call {caller}").format(caller=clean_line(call.caller, 40)))
    elif ticket is not None and ticket.call_ids:
        calls = ", ".join(f"#{call_id}" for call_id in ticket.call_ids[-3:])
        parts.append(" · " + _("calls {ids}").format(ids=calls))
    return Content.assemble(*parts)


def entries_content(entries: list[TicketEntry]) -> Content:
    if not entries:
        return Content.styled(_("No entries yet"), "dim")
    blocks = []
    for entry in entries:
        heading = Content.assemble(
            (format_time(entry.created_at), "dim"), " ",
            (clean_line(entry.author or _("system"), 40), "bold"), " ",
            (kind_label(entry.kind), "italic"))
        blocks.append(heading.append("\n").append(Content(clean(entry.body))))
    return Content("\n").join(blocks)
