"""The first frame: the main screen's outline (status line, an empty queue, the panes' tabs)
drawn with Textual alone while console.boot loads the settings, the backend and
the real screens in a worker. It imports nothing else, so the operator sees the console about
as soon as a bare Textual app could show anything; the main screen then takes its place.
No footer: its key list is the main screen's, and building it here would only delay the frame.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from backends.i18n import _
from backends.sanitize import clean_line

WIDE = 120  # columns from which the main screen's panes sit side by side (the outline too)
BREAKPOINTS: list[tuple[int, str]] = [(0, "-compact"), (WIDE, "-wide")]


class BootScreen(Screen[None]):
    DEFAULT_CSS = """
    BootScreen { layout: vertical; }
    BootScreen #boot-status { height: 1; background: $boost; }
    BootScreen #boot-queue { height: 9; border: round $primary; border-title-color: $text; }
    BootScreen.-wide #boot-queue { height: 12; }
    BootScreen #boot-panes { height: 1fr; color: $text-muted; padding: 0 1; }
    """
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    def __init__(self, operator: str) -> None:
        super().__init__(id="boot")
        self._operator = operator

    def compose(self) -> ComposeResult:
        status = Content.assemble((f" {_('Connecting…')} ", "bold white on grey30"), " ",
                                  (clean_line(self._operator, 20), "bold"))
        yield Static(status, id="boot-status")
        queue = Static("", id="boot-queue")
        queue.border_title = _("Queue: connecting…")
        yield queue
        yield Static("  ".join((_("Lookup F3"), _("Customer F4"), _("Ticket F9"),
                                _("Transfer F10"))), id="boot-panes", markup=False)

    def show_problem(self, message: str) -> None:
        """Settings or backend could not be loaded: say so where the queue would be."""
        self.query_one("#boot-queue", Static).update(Content(clean_line(message, 300)))
