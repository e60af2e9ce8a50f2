"""A colleague offers me a call (announced transfer or escalation): who, which caller, their
handover note and the linked ticket; a accepts, d declines. Result: True to accept; None when
the offer was withdrawn meanwhile (it timed out, was taken back, or its call ended).

The main screen pushes it and calls `respond_transfer` with the result. Every text shown comes
from other people or callers, so it is sanitised and rendered as Content, never as markup.

See docs/ARCHITECTURE.md, "screens/".
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from backends.i18n import _
from backends.models import Call, Ticket, Transfer, TransferKind
from backends.sanitize import clean, clean_line


class TransferOfferDialog(ModalScreen[bool]):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "answer(True)", _("Accept"), id="offer.accept"),
        Binding("d,escape", "answer(False)", _("Decline"), id="offer.decline"),
    ]

    def __init__(self, transfer: Transfer, call: Call, ticket: Ticket | None) -> None:
        super().__init__()
        self.transfer = transfer
        self.call = call
        self.ticket = ticket
        self.withdrawn = False

    def withdraw(self) -> None:
        """The offer no longer waits: close now, or as soon as this dialog is in front."""
        self.withdrawn = True
        if self.is_current:
            self.dismiss(None)

    def on_screen_resume(self) -> None:
        if self.withdrawn:
            self.dismiss(None)

    def compose(self) -> ComposeResult:
        title = (_("{who} escalates a call to you") if self.transfer.kind is
                 TransferKind.ESCALATION else _("{who} wants to transfer a call to you"))
        with Vertical():
            yield Static(Content(title.format(who=clean_line(self.transfer.from_operator, 40))),
                         id="offer-title")
            caller: list[str | tuple[str, str]] = [(_("Caller") + ": ", "dim"),
                                                   clean_line(self.call.caller, 60)]
            if self.call.vip:
                caller.append((" VIP", "bold"))
            yield Static(Content.assemble(*caller), id="offer-caller")
            if self.ticket is not None:
                yield Static(Content.assemble(
                    (_("Ticket") + ": ", "dim"), (self.ticket.ref, "bold"), " ",
                    clean_line(self.ticket.subject, 80)), id="offer-ticket")
            with VerticalScroll(id="offer-note"):
                note = clean(self.transfer.note).strip()
                yield Static(Content(note) if note else Content.styled(_("No handover note"),
                                                                       "dim"))
            with Horizontal(id="offer-buttons"):
                yield Button(_("Accept (a)"), id="accept", variant="success", compact=True)
                yield Button(_("Decline (d)"), id="decline", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#accept", Button).focus()

    def action_answer(self, accept: bool) -> None:
        self.dismiss(None if self.withdrawn else accept)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "accept")
